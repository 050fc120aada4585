import { actionIds, agentPrompt, apiKeyStrings, goalPrompt, knowledgeBaseId } from './shared';
import type { Channel } from './types';
import type { Field } from '../../../helpers/fields';
import { stringField } from '../../../helpers/fields';

/** The web widget's branding, nested under additional_settings.ChatbotCustomization (newest page). */
function customization(displayName: string, name: string, description: string): Field {
	return stringField({
		displayName,
		name,
		description,
		apiPath: `additional_settings.ChatbotCustomization.${name}`,
	});
}

export const chat: Channel = {
	type: 'CHAT',
	name: 'Chat',
	description: 'An agent for the website chat widget',
	required: [],
	optional: [
		actionIds,
		agentPrompt,
		apiKeyStrings,
		customization('Brand Name', 'brandName', 'Name shown in the chat widget'),
		customization('Check-In Message', 'checkInMessage', 'Message sent when the visitor goes quiet'),
		customization('Final Close Message', 'finalCloseMessage', 'Message sent when the chat closes'),
		goalPrompt,
		customization('Greeting Text', 'greetingText', 'Welcome text of the widget'),
		customization('Initial Message', 'initialMessage', 'First message of the bot'),
		knowledgeBaseId,
		customization('Logo URL', 'logoUrl', 'Address of the logo image'),
		customization('Tagline', 'tagline', 'Tagline under the brand name'),
	],
};
