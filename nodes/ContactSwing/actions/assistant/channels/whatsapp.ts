import {
	actionIds,
	agentPrompt,
	apiKeyStrings,
	goalPrompt,
	greeting,
	idleTime,
	knowledgeBaseId,
	maxMessages,
} from './shared';
import type { Channel } from './types';
import { stringField } from '../../../helpers/fields';
import { FieldError, text } from '../../../helpers/parsers';

const WHERE_TO_FIND_THE_ID =
	'In Meta\'s App Dashboard open WhatsApp → API Setup and copy "Phone number ID" (or WhatsApp Manager → Phone numbers). It is a long number such as 650175178190170, not the phone number itself.';

/** The sender is Meta's phone-number ID, digits only; a real phone number is a common mistake. */
function whatsappPhoneNumberId(value: unknown): string {
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

export const whatsapp: Channel = {
	type: 'WHATSAPP',
	name: 'WhatsApp',
	description: 'An agent that chats with customers on WhatsApp',
	required: [
		stringField({
			displayName: 'WhatsApp Phone Number ID',
			name: 'phoneNumber',
			required: true,
			placeholder: 'e.g. 650175178190170',
			description:
				"Meta's ID for the WhatsApp Business number the agent sends from (digits only), not the phone number itself. Find it in Meta's App Dashboard under WhatsApp → API Setup.",
			apiPath: 'phone_number',
			parse: whatsappPhoneNumberId,
		}),
	],
	optional: [
		actionIds,
		agentPrompt,
		apiKeyStrings,
		goalPrompt,
		greeting('Greeting', 'First message the agent sends on WhatsApp'),
		idleTime('Hours', 24),
		knowledgeBaseId,
		maxMessages,
	],
};
