import type { INodeProperties } from 'n8n-workflow';

import { FieldError, positiveInteger, stringList, text } from '../../../helpers/fields';
import type { Channel } from './types';

const WHERE_TO_FIND_THE_ID =
	'In Meta\'s App Dashboard open WhatsApp → API Setup and copy "Phone number ID" (or WhatsApp Manager → Phone numbers). It is a long number such as 650175178190170, not the phone number itself.';

/** The sender is Meta's phone-number ID, digits only; a real phone number is a common mistake. */
export function whatsappPhoneNumberId(value: unknown): string {
	const id = text(value)?.trim();
	if (!id) throw new FieldError('is required but empty', WHERE_TO_FIND_THE_ID);
	if (!/^\d+$/.test(id)) {
		const looksLikePhoneNumber = /^\+?[\d\s().-]+$/.test(id);
		throw new FieldError(
			looksLikePhoneNumber
				? `must be Meta's WhatsApp phone-number ID, not a phone number ("${id}")`
				: `must contain digits only, but it is "${id.slice(0, 40)}"`,
			WHERE_TO_FIND_THE_ID,
		);
	}
	return id;
}

export const actionIdsOption: INodeProperties = {
	displayName: 'Action Names or IDs',
	name: 'actionIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getActions' },
	default: [],
	description:
		'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	hint: 'Actions (tools) the agent may use. An expression may return an array of IDs or a comma-separated string.',
};

export const agentPromptOption: INodeProperties = {
	displayName: 'Agent Prompt',
	name: 'agentPrompt',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	description: 'Sent as prompts.agent: who the agent is',
};

export const goalPromptOption: INodeProperties = {
	displayName: 'Goal Prompt',
	name: 'goalPrompt',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	description: 'Sent as prompts.goal: what the agent should achieve',
};

export const knowledgeBaseIdOption: INodeProperties = {
	displayName: 'Knowledge Base ID',
	name: 'knowledgeBaseId',
	type: 'string',
	default: '',
	description: 'ID of a ContactSwing knowledge base the agent answers from (kb_id)',
};

export const whatsapp: Channel = {
	type: 'WHATSAPP',
	name: 'WhatsApp',
	description: 'An agent that chats with customers on WhatsApp',
	properties: [
		{
			displayName: 'WhatsApp Phone Number ID',
			name: 'phoneNumber',
			type: 'string',
			required: true,
			default: '',
			placeholder: '650175178190170',
			description:
				"Meta's ID for the WhatsApp Business number the agent sends from (digits only), not the phone number itself. Find it in Meta's App Dashboard under WhatsApp → API Setup.",
		},
	],
	additionalFields: [
		actionIdsOption,
		agentPromptOption,
		{
			displayName: 'API Keys',
			name: 'apiKeys',
			type: 'string',
			// IDs, not secrets, but masked anyway: the verification lint treats every *Key field as a secret
			typeOptions: { password: true, multipleValues: true, multipleValueButtonText: 'Add API Key' },
			default: [],
			description:
				'IDs of ContactSwing API keys the agent uses (api_keys). An expression may return an array or a comma-separated string.',
		},
		goalPromptOption,
		{
			displayName: 'Greeting',
			name: 'incomingCallGreeting',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: 'First message the agent sends on WhatsApp (sent as incoming_call_greeting)',
		},
		{
			displayName: 'Idle Time (Hours)',
			name: 'idleTime',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 24,
			description:
				'Hours without a message before the WhatsApp conversation is closed (additional_settings.idle_time, in hours for WhatsApp)',
		},
		knowledgeBaseIdOption,
		{
			displayName: 'Max Messages',
			name: 'maxMessages',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: 10,
			description: 'Most messages the agent sends in one conversation (additional_settings.max_messages)',
		},
	],
	bodyFields: [
		{ parameter: 'phoneNumber', apiPath: 'phone_number', label: 'WhatsApp Phone Number ID', read: whatsappPhoneNumberId },
		{ parameter: 'agentPrompt', apiPath: 'prompts.agent', label: 'Agent Prompt', read: text },
		{ parameter: 'goalPrompt', apiPath: 'prompts.goal', label: 'Goal Prompt', read: text },
		{ parameter: 'knowledgeBaseId', apiPath: 'kb_id', label: 'Knowledge Base ID', read: text },
		{ parameter: 'actionIds', apiPath: 'action_ids', label: 'Action Names or IDs', read: stringList },
		{ parameter: 'apiKeys', apiPath: 'api_keys', label: 'API Keys', read: stringList },
		{ parameter: 'idleTime', apiPath: 'additional_settings.idle_time', label: 'Idle Time (Hours)', read: positiveInteger },
		{ parameter: 'maxMessages', apiPath: 'additional_settings.max_messages', label: 'Max Messages', read: positiveInteger },
		{ parameter: 'incomingCallGreeting', apiPath: 'incoming_call_greeting', label: 'Greeting', read: text },
	],
};
