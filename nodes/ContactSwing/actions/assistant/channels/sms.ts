import {
	actionIds,
	agentPrompt,
	apiKeyRows,
	force,
	goalPrompt,
	idleTime,
	knowledgeBaseId,
	maxMessages,
	openOptionsField,
} from './shared';
import type { Channel } from './types';
import { stringField } from '../../../helpers/fields';
import { required, text } from '../../../helpers/parsers';
import { e164 } from '../../../helpers/formats';

export const sms: Channel = {
	type: 'SMS',
	name: 'SMS',
	description: 'An agent that texts with customers',
	required: [
		openOptionsField({
			displayName: 'SMS Type',
			name: 'smsType',
			choices: { Outbound: 'OUTBOUND' },
			default: 'OUTBOUND',
			description: 'Direction of the conversation',
			apiPath: 'sms_type',
			parse: required(text),
		}),
		apiKeyRows('SMS', true),
	],
	optional: [
		actionIds,
		agentPrompt,
		force,
		goalPrompt,
		idleTime('Seconds', 86400),
		knowledgeBaseId,
		maxMessages,
		stringField({
			displayName: 'Phone Number',
			name: 'phoneNumber',
			placeholder: 'e.g. +13465507166',
			description: 'The number the agent texts from, in E.164 format',
			apiPath: 'phone_number',
			parse: e164,
		}),
	],
};
