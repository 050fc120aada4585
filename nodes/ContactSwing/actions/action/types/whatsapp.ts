import type { ActionType } from './shared';
import { idListField, mandatory } from './shared';
import { booleanField, stringField } from '../../../helpers/fields';
import { required, text } from '../../../helpers/parsers';
import { digitsPhoneNumber } from '../../../helpers/formats';

export const sendWhatsApp: ActionType = {
	type: 'SEND_WHATSAPP',
	name: 'WhatsApp',
	description: 'Sends a WhatsApp template message during the conversation',
	descriptionRequired: true,
	required: [
		stringField({
			displayName: 'To',
			name: 'to',
			apiPath: 'webhook.to',
			description: 'Recipient WhatsApp number, digits with country code and no +',
			parse: required(digitsPhoneNumber),
		}),
		stringField({
			displayName: 'From (Phone Number ID)',
			name: 'from',
			apiPath: 'webhook.from',
			description: "Meta's phone-number ID of the sending WhatsApp number",
			parse: required(text),
		}),
		stringField({
			displayName: 'Template Name',
			name: 'templateName',
			apiPath: 'webhook.template_name',
			description: 'An approved WhatsApp template',
			parse: required(text),
		}),
	],
	optional: [
		idListField({
			displayName: 'Body Params',
			name: 'bodyParams',
			apiPath: 'webhook.body_params',
			description: 'Template body variables',
		}),
		idListField({
			displayName: 'Button Params',
			name: 'buttonParams',
			apiPath: 'webhook.button_params',
			description: 'Template button variables',
		}),
		idListField({
			displayName: 'Header Params',
			name: 'headerParams',
			apiPath: 'webhook.header_params',
			description: 'Template header variables',
		}),
		booleanField({
			displayName: 'Is Active',
			name: 'isActive',
			apiPath: 'is_active',
			description: 'Whether the action is enabled',
		}),
		stringField({
			displayName: 'Language Code',
			name: 'languageCode',
			apiPath: 'webhook.language_code',
			description: 'Language of the template',
			placeholder: 'e.g. en',
		}),
		mandatory('Whether the agent waits for a reply'),
		stringField({
			displayName: 'Phone Number',
			name: 'phoneNumber',
			apiPath: 'phone_number',
			description: 'A number that overrides the default',
		}),
	],
};
