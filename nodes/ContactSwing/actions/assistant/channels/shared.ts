import type { IDataObject } from 'n8n-workflow';
import type { Field, FieldSpec } from '../../../helpers/fields';
import {
	booleanField,
	choices,
	multiOptionsField,
	numberField,
	optionsField,
	rowsField,
	stringField,
} from '../../../helpers/fields';
import { FieldError, positiveInteger, stringList } from '../../../helpers/parsers';
import { OTHER_VALUES_HINT } from '../../common/properties';

/** Fields that several channels share: same parameter name, same meaning, same API field. */

export const agentPrompt: Field = stringField({
	displayName: 'Agent Prompt',
	name: 'agentPrompt',
	typeOptions: { rows: 3 },
	description: 'Who the agent is',
	apiPath: 'prompts.agent',
});

export const goalPrompt: Field = stringField({
	displayName: 'Goal Prompt',
	name: 'goalPrompt',
	typeOptions: { rows: 3 },
	description: 'What the agent should achieve',
	apiPath: 'prompts.goal',
});

export const knowledgeBaseId: Field = stringField({
	displayName: 'Knowledge Base ID',
	name: 'knowledgeBaseId',
	description: 'ID of a ContactSwing knowledge base the agent answers from',
	apiPath: 'kb_id',
});

export const actionIds: Field = multiOptionsField({
	displayName: 'Action Names or IDs',
	name: 'actionIds',
	typeOptions: { loadOptionsMethod: 'getActions' },
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: 'Actions (tools) the agent may use. An expression may return an array of IDs or a comma-separated string.',
	apiPath: 'action_ids',
});

/** `api_keys` as plain strings (the Chat and WhatsApp pages). */
export const apiKeyStrings: Field = stringField({
	displayName: 'API Keys',
	name: 'apiKeys',
	typeOptions: { password: true, multipleValues: true, multipleValueButtonText: 'Add API Key' },
	default: [],
	description:
		'IDs of ContactSwing API keys the agent uses. An expression may return an array or a comma-separated string.',
	apiPath: 'api_keys',
	parse: stringList,
});

/** `api_keys` as `{api_key_id, type}` rows (the Voice and SMS pages). */
export function apiKeyRows(keyType: string, isRequired: boolean): Field {
	const rowFields: Field[] = [
		numberField({
			displayName: 'API Key ID',
			name: 'apiKeyId',
			default: 0,
			description: 'Numeric ID of the ContactSwing API key',
			apiPath: 'api_key_id',
			parse: apiKeyId,
		}),
		optionsField({
			displayName: 'Type',
			name: 'type',
			options: [
				{ name: 'Model', value: 'MODEL' },
				{ name: 'SMS', value: 'SMS' },
			],
			default: keyType,
			description: 'What the key is for',
			hint: OTHER_VALUES_HINT,
			apiPath: 'type',
		}),
	];
	return rowsField({
		displayName: 'API Keys',
		name: 'apiKeys',
		row: { displayName: 'API Key', name: 'key' },
		placeholder: 'Add API key',
		description: 'ContactSwing API keys the agent uses',
		apiPath: 'api_keys',
		fields: rowFields,
		shape: (keys: IDataObject[]) => {
			if (keys.some((key) => key.api_key_id === undefined)) {
				throw new FieldError(
					'has a row without an API Key ID',
					'Give every API key row its numeric ID, or remove the row.',
				);
			}
			return keys;
		},
		required: isRequired,
		extra: { typeOptions: { multipleValues: true, password: true }, required: isRequired },
	});
}

function apiKeyId(value: unknown) {
	if (value === 0 || value === '0') return undefined;
	return positiveInteger(value);
}

export function greeting(displayName: string, description: string): Field {
	return stringField({
		displayName,
		name: 'incomingCallGreeting',
		typeOptions: { rows: 2 },
		description,
		apiPath: 'incoming_call_greeting',
	});
}

export function idleTime(unit: 'Hours' | 'Seconds', defaultValue: number): Field {
	return numberField({
		displayName: `Idle Time (${unit})`,
		name: 'idleTime',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: defaultValue,
		description: `How long, in ${unit.toLowerCase()}, a conversation may stay silent before it is closed`,
		apiPath: 'additional_settings.idle_time',
		parse: positiveInteger,
	});
}

export const maxMessages: Field = numberField({
	displayName: 'Max Messages',
	name: 'maxMessages',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: 10,
	description: 'Most messages the agent sends in one conversation',
	apiPath: 'additional_settings.max_messages',
	parse: positiveInteger,
});

export const force: Field = booleanField({
	displayName: 'Force',
	name: 'force',
	default: true,
	description: 'Whether to overwrite an existing agent',
	apiPath: 'force',
	in: 'query',
});

/** A dropdown of the values the docs show, which still takes any other value typed as an expression. */
export function openOptionsField({
	choices: valuesByName,
	...spec
}: FieldSpec & { choices: Record<string, string> }): Field {
	return optionsField({ ...spec, options: choices(valuesByName), hint: OTHER_VALUES_HINT });
}
