import type { ActionType } from './shared';
import { mandatory } from './shared';
import { booleanField, stringField } from '../../../helpers/fields';
import { required, text } from '../../../helpers/parsers';

export const dataExtraction: ActionType = {
	type: 'SINGLEDATAEXTRACTION',
	name: 'Data Extraction',
	description: 'Extracts one value from the conversation and can save it',
	descriptionRequired: false,
	// The page requires the `webhook` object but none of its keys; an extraction without a
	// prompt extracts nothing, so the prompt is the one key asked for (and `webhook` is always sent).
	required: [
		stringField({
			displayName: 'Extraction Prompt',
			name: 'extractionDescription',
			apiPath: 'webhook.description',
			description: 'What to extract from the conversation',
			placeholder: 'e.g. Whether the caller wants to buy the product',
			parse: required(text),
		}),
	],
	optional: [
		stringField({
			displayName: 'Field Name',
			name: 'fieldName',
			apiPath: 'webhook.name',
			description: 'Name of the extracted value',
		}),
		mandatory('Whether the agent must get an answer before it continues'),
		stringField({
			displayName: 'Answer Type',
			name: 'answerType',
			apiPath: 'webhook.type',
			description: 'Type of the answer',
			placeholder: 'e.g. yes/no',
		}),
		booleanField({
			displayName: 'Sync Data',
			name: 'syncData',
			apiPath: 'webhook.sync_data',
			description: 'Whether to save the value automatically',
		}),
		stringField({
			displayName: 'Sync Field',
			name: 'syncField',
			apiPath: 'webhook.sync_field',
			description: 'Field to save into',
			placeholder: 'e.g. customer_timezone',
		}),
		stringField({
			displayName: 'Sync Module',
			name: 'syncModule',
			apiPath: 'webhook.sync_module',
			description: 'Module to save into',
			placeholder: 'e.g. customers',
		}),
	],
};
