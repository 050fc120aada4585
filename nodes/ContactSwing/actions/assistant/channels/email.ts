import { text } from '../../../helpers/fields';
import { actionIds, agentPrompt, goalPrompt, knowledgeBaseId, openOptions, OTHER_VALUES_HINT } from './shared';
import type { Channel } from './types';

export const email: Channel = {
	type: 'EMAIL',
	name: 'Email',
	description: 'An agent that answers emails',
	required: [],
	optional: [
		actionIds,
		agentPrompt,
		{
			property: {
				displayName: 'Email Setup',
				name: 'emailSetup',
				...openOptions(['Responder']),
				default: 'Responder',
				description: 'Role of the mailbox (email_setup)',
				hint: OTHER_VALUES_HINT,
			},
			apiPath: 'email_setup',
			read: text,
		},
		{
			property: {
				displayName: 'Gen AI Response',
				name: 'genAiResponse',
				...openOptions(['SEMI_TOUCH']),
				default: 'SEMI_TOUCH',
				description: 'How replies are sent (gen_ai_response)',
				hint: OTHER_VALUES_HINT,
			},
			apiPath: 'gen_ai_response',
			read: text,
		},
		goalPrompt,
		knowledgeBaseId,
		{
			property: {
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				description: 'Email labels or categories (labels)',
			},
			apiPath: 'labels',
			read: text,
		},
	],
};
