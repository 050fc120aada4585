import { actionIds, agentPrompt, goalPrompt, knowledgeBaseId, openOptionsField } from './shared';
import type { Channel } from './types';
import { stringField } from '../../../helpers/fields';

export const email: Channel = {
	type: 'EMAIL',
	name: 'Email',
	description: 'An agent that answers emails',
	required: [],
	optional: [
		actionIds,
		agentPrompt,
		openOptionsField({
			displayName: 'Email Setup',
			name: 'emailSetup',
			choices: { Responder: 'Responder' },
			default: 'Responder',
			description: 'What the agent does with the mailbox',
			apiPath: 'email_setup',
		}),
		openOptionsField({
			displayName: 'Gen AI Response',
			name: 'genAiResponse',
			choices: { 'Semi Touch': 'SEMI_TOUCH' },
			default: 'SEMI_TOUCH',
			description: 'How the agent sends the replies it writes',
			apiPath: 'gen_ai_response',
		}),
		goalPrompt,
		knowledgeBaseId,
		stringField({
			displayName: 'Labels',
			name: 'labels',
			description: 'Email labels or categories',
			apiPath: 'labels',
		}),
	],
};
