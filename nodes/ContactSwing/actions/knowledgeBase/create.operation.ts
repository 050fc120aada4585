import { fieldOperation } from '../common/fieldOperation';
import { inVersion1Only } from '../common/properties';
import { stringField } from '../../helpers/fields';
import { required, text } from '../../helpers/parsers';

/** POST /v2/_knowledge_base. */
export const { description, prepare, run } = fieldOperation({
	show: { resource: ['knowledgeBase'], operation: ['create'] },
	method: 'POST',
	path: '/v2/_knowledge_base',
	required: [
		stringField({
			displayName: 'Name',
			name: 'name',
			placeholder: 'e.g. Product Documentation',
			description: 'Display name of the knowledge base',
			apiPath: 'name',
			parse: required(text),
		}),
	],
	optional: [
		stringField({
			displayName: 'Description',
			name: 'description',
			description: 'What the knowledge base holds',
			apiPath: 'description',
		}),
		// The docs type it as text and do not say what it holds; uploads go through Update.
		inVersion1Only(
			stringField({
				displayName: 'Files',
				name: 'files',
				description: 'Source files, as text. To upload documents, use Knowledge Base → Update.',
				apiPath: 'files',
			}),
		),
		stringField({
			displayName: 'URLs',
			name: 'urls',
			description: 'Source URLs',
			apiPath: 'urls',
		}),
	],
});
