import type { ActionType } from './shared';
import { idListField, mandatory } from './shared';
import { stringField } from '../../../helpers/fields';
import { e164, e164List } from '../../../helpers/formats';

export const sendSms: ActionType = {
	type: 'SEND_SMS',
	name: 'SMS',
	description: 'Sends a text message during the conversation',
	descriptionRequired: true,
	required: [],
	onTop: [
		stringField({
			displayName: 'Body',
			name: 'smsBody',
			placeholder: 'e.g. Here is your booking link: https://example.com/book',
			description: 'The text message the agent sends',
			typeOptions: { rows: 2 },
			apiPath: 'sms.body.value',
		}),
	],
	optional: [
		stringField({
			displayName: 'To',
			name: 'to',
			placeholder: 'e.g. +13465507166',
			description:
				'Who gets the text, in E.164. Without it, the agent texts the person it is talking to. Comma-separated, or an array from an expression.',
			apiPath: 'sms.to.value',
			parse: (value) => e164List(value) ?? [],
		}),
		idListField({
			displayName: 'CC',
			name: 'cc',
			apiPath: 'sms.cc',
			description: 'More recipients in E.164',
			parse: e164List,
		}),
		stringField({
			displayName: 'From',
			name: 'from',
			apiPath: 'sms.from',
			description: 'The sending number in E.164',
			parse: e164,
		}),
		mandatory('Whether the agent asks for confirmation before sending'),
		stringField({
			displayName: 'Provider',
			name: 'provider',
			apiPath: 'sms.provider',
			description: 'SMS provider',
			placeholder: 'e.g. TWILIO',
		}),
		stringField({
			displayName: 'Response Message',
			name: 'responseMessage',
			apiPath: 'sms.response_message_context',
			description: 'What the agent says after sending',
		}),
	],
};
