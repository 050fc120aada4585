import { required, text } from '../../helpers/fields';
import { fieldOperation } from '../operations';

/** POST /v2/_knowledge_base. */
export const { description, prepare, run } = fieldOperation({
	show: { resource: ['knowledgeBase'], operation: ['create'] },
	method: 'POST',
	path: '/v2/_knowledge_base',
	required: [
		{
			property: {
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. Product Documentation',
				description: 'Display name of the knowledge base',
			},
			apiPath: 'name',
			read: required(text),
		},
	],
	optional: [
		{
			property: {
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description: "What the knowledge base holds (sent as description, as the docs' example body does)",
			},
			apiPath: 'description',
			read: text,
		},
		{
			property: {
				displayName: 'Files',
				name: 'files',
				type: 'string',
				default: '',
				description:
					'Source files, as the text the docs type this field as. To upload documents, use Update with binary data.',
			},
			apiPath: 'files',
			read: text,
		},
		{
			property: {
				displayName: 'URLs',
				name: 'urls',
				type: 'string',
				default: '',
				description: 'Source URLs, as the text the docs type this field as',
			},
			apiPath: 'urls',
			read: text,
		},
	],
});
