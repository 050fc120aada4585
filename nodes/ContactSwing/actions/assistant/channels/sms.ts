import { e164, required, text } from '../../../helpers/fields';
import {
	actionIds,
	agentPrompt,
	apiKeyRows,
	force,
	goalPrompt,
	idleTime,
	knowledgeBaseId,
	maxMessages,
	openOptions,
	OTHER_VALUES_HINT,
} from './shared';
import type { Channel } from './types';

export const sms: Channel = {
	type: 'SMS',
	name: 'SMS',
	description: 'An agent that texts with customers',
	required: [
		{
			property: {
				displayName: 'SMS Type',
				name: 'smsType',
				...openOptions(['OUTBOUND']),
				required: true,
				default: 'OUTBOUND',
				description: 'Direction of the conversation (sms_type)',
				hint: OTHER_VALUES_HINT,
			},
			apiPath: 'sms_type',
			read: required(text),
		},
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
		{
			property: {
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+13465507166',
				description: 'The number the agent texts from, in E.164 format',
			},
			apiPath: 'phone_number',
			read: e164,
		},
	],
};
