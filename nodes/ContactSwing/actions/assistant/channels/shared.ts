import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Field } from '../../../helpers/fields';
import { boolean, FieldError, positiveInteger, rowsField, stringList, text } from '../../../helpers/fields';

/** Fields that several channels share: same parameter name, same meaning, same API field. */

export const agentPrompt: Field = {
	property: {
		displayName: 'Agent Prompt',
		name: 'agentPrompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Who the agent is (prompts.agent)',
	},
	apiPath: 'prompts.agent',
	read: text,
};

export const goalPrompt: Field = {
	property: {
		displayName: 'Goal Prompt',
		name: 'goalPrompt',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'What the agent should achieve (prompts.goal)',
	},
	apiPath: 'prompts.goal',
	read: text,
};

export const knowledgeBaseId: Field = {
	property: {
		displayName: 'Knowledge Base ID',
		name: 'knowledgeBaseId',
		type: 'string',
		default: '',
		description: 'ID of a ContactSwing knowledge base the agent answers from (kb_id)',
	},
	apiPath: 'kb_id',
	read: text,
};

export const actionIds: Field = {
	property: {
		displayName: 'Action Names or IDs',
		name: 'actionIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getActions' },
		default: [],
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'Actions (tools) the agent may use. An expression may return an array of IDs or a comma-separated string.',
	},
	apiPath: 'action_ids',
	read: stringList,
};

/** `api_keys` as plain strings (the Chat and WhatsApp pages). */
export const apiKeyStrings: Field = {
	property: {
		displayName: 'API Keys',
		name: 'apiKeys',
		type: 'string',
		// IDs, not secrets, but masked anyway: the verification lint treats every *Key field as a secret
		typeOptions: { password: true, multipleValues: true, multipleValueButtonText: 'Add API Key' },
		default: [],
		description:
			'IDs of ContactSwing API keys the agent uses (api_keys). An expression may return an array or a comma-separated string.',
	},
	apiPath: 'api_keys',
	read: stringList,
};

/** `api_keys` as `{api_key_id, type}` rows (the Voice and SMS pages). */
export function apiKeyRows(keyType: string, isRequired: boolean): Field {
	const rowFields: Field[] = [
		{
			property: {
				displayName: 'API Key ID',
				name: 'apiKeyId',
				type: 'number',
				default: 0,
				description: 'Numeric ID of the ContactSwing API key',
			},
			apiPath: 'api_key_id',
			read: apiKeyId,
		},
		{
			property: {
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'MODEL', value: 'MODEL' },
					{ name: 'SMS', value: 'SMS' },
				],
				default: keyType,
				description: 'What the key is for. Other values: switch to Expression and type them.',
			},
			apiPath: 'type',
			read: text,
		},
	];
	return rowsField({
		displayName: 'API Keys',
		name: 'apiKeys',
		row: { displayName: 'API Key', name: 'key' },
		placeholder: 'Add API Key',
		description: `ContactSwing API keys the agent uses, as {api_key_id, type} (type ${keyType} here)`,
		apiPath: 'api_keys',
		fields: rowFields,
		toApi: (keys: IDataObject[]) => {
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
	return {
		property: {
			displayName,
			name: 'incomingCallGreeting',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description,
		},
		apiPath: 'incoming_call_greeting',
		read: text,
	};
}

export function idleTime(unit: 'Hours' | 'Seconds', defaultValue: number): Field {
	return {
		property: {
			displayName: `Idle Time (${unit})`,
			name: 'idleTime',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: defaultValue,
			description: `How long, in ${unit.toLowerCase()}, a conversation may stay silent before it is closed (additional_settings.idle_time, in ${unit.toLowerCase()} on this channel)`,
		},
		apiPath: 'additional_settings.idle_time',
		read: positiveInteger,
	};
}

export const maxMessages: Field = {
	property: {
		displayName: 'Max Messages',
		name: 'maxMessages',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 10,
		description: 'Most messages the agent sends in one conversation (additional_settings.max_messages)',
	},
	apiPath: 'additional_settings.max_messages',
	read: positiveInteger,
};

export const force: Field = {
	property: {
		displayName: 'Force',
		name: 'force',
		type: 'boolean',
		default: true,
		description: 'Whether to overwrite an existing assistant (sent as the force query parameter)',
	},
	apiPath: 'force',
	in: 'query',
	read: boolean,
};

/** An options list of the values the docs show, where any other value is also sent as typed. */
export function openOptions(values: string[]): Pick<INodeProperties, 'type' | 'options'> {
	return { type: 'options', options: values.map((value) => ({ name: value, value })) };
}

export const OTHER_VALUES_HINT =
	'The docs show only these values. To send another one, switch the field to Expression and type it.';
