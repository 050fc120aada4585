import { booleanField, groupField, numberField, stringField } from '../../../../helpers/fields';
import { nonNegativeInteger, positiveInteger } from '../../../../helpers/parsers';
import { timeZone } from '../../../../helpers/formats';

/** The Voice agent's model settings: `additional_settings.Agent`, and its OpenAI block. */

const maxTokens = () =>
	numberField({
		displayName: 'Max Tokens',
		name: 'maxTokens',
		apiPath: 'max_tokens',
		description: 'Most tokens per reply',
		parse: positiveInteger,
		default: 250,
		typeOptions: { minValue: 1, numberPrecision: 0 },
	});

const temperature = () =>
	numberField({
		displayName: 'Temperature',
		name: 'temperature',
		apiPath: 'temperature',
		description: 'Sampling temperature: lower is more predictable',
		default: 0.7,
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
	});

export const agentOpenAi = groupField({
	displayName: 'Agent (OpenAI)',
	name: 'agentOpenAi',
	apiPath: 'additional_settings.Agent.OpenAI',
	description: 'How the OpenAI model writes replies',
	fields: [
		numberField({
			displayName: 'Backchannel Probability',
			name: 'backchannelProbability',
			apiPath: 'backchannel_probability',
			description: 'Probability of short listening cues, from 0 to 1',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		}),
		maxTokens(),
		temperature(),
	],
});

export const agentSettings = groupField({
	displayName: 'Agent Settings',
	name: 'agentSettings',
	apiPath: 'additional_settings.Agent',
	description: 'How the agent holds the conversation',
	fields: [
		booleanField({
			displayName: 'Allow Incoming Messages',
			name: 'allowIncomingMessages',
			description: 'Whether the agent accepts incoming messages',
			apiPath: 'allow_incoming_messages',
		}),
		stringField({
			displayName: 'Initial Message',
			name: 'initialMessage',
			apiPath: 'initial_message',
			description: 'What the agent says first',
		}),
		numberField({
			displayName: 'Initial Message Delay',
			name: 'initialMessageDelay',
			apiPath: 'initial_message_delay',
			description: 'Delay before the first message',
			parse: nonNegativeInteger,
			typeOptions: { minValue: 0, numberPrecision: 0 },
		}),
		stringField({
			displayName: 'Interrupt Sensitivity',
			name: 'interruptSensitivity',
			apiPath: 'interrupt_sensitivity',
			description: 'How easily the caller can interrupt the agent',
		}),
		maxTokens(),
		stringField({
			displayName: 'Model',
			name: 'model',
			apiPath: 'model',
			description: 'Model used during the call',
		}),
		temperature(),
		stringField({
			displayName: 'Time Zone',
			name: 'timeZone',
			apiPath: 'time_zone',
			description: 'IANA time zone of the agent',
			placeholder: 'e.g. America/New_York',
			parse: timeZone,
		}),
	],
});
