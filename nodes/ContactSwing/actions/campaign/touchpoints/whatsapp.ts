import type { Touchpoint } from './shared';
import { customerRows } from './shared';
import type { Field } from '../../../helpers/fields';
import { booleanField, jsonField, numberField, stringField } from '../../../helpers/fields';
import { jsonArray, nonNegativeInteger, required, stringList, text } from '../../../helpers/parsers';
import { digitsPhoneNumber } from '../../../helpers/formats';

const paramsGroup = (displayName: string, name: string, apiPath: string): Field =>
	jsonField({
		displayName,
		name,
		description: 'As {"is_static": true, "params": [{…}]}',
		apiPath,
	});

/** The WhatsApp touchpoint (POST /v2/campaign/create_with_touchpoint, its page's own path). */
export const whatsappTouchpoint: Touchpoint = {
	// The only campaign page without the underscore every other path has. A 404 creates
	// nothing, so the underscore form is tried once then.
	path: '/v2/campaign/create_with_touchpoint',
	pathIfNotFound: '/v2/_campaign/create_with_touchpoint',
	required: [
		customerRows('to_number', 'WhatsApp Number', digitsPhoneNumber),
		stringField({
			displayName: 'Template',
			name: 'template',
			apiPath: 'touchpoint.whatsapp_data.template',
			description: 'An approved WhatsApp template',
			parse: required(text),
		}),
	],
	optional: [
		stringField({
			displayName: 'Attachment URL',
			name: 'attachmentUrl',
			apiPath: 'touchpoint.attachment_url',
			description: 'Media for the template header',
		}),
		paramsGroup('Body Params (JSON)', 'bodyParams', 'touchpoint.whatsapp_data.body_params'),
		paramsGroup('Button Params (JSON)', 'buttonParams', 'touchpoint.whatsapp_data.button_params'),
		numberField({
			displayName: 'Delay',
			name: 'delay',
			apiPath: 'touchpoint.additional_settings.delay',
			description: 'Delay between messages',
			parse: nonNegativeInteger,
			default: 0,
		}),
		stringField({
			displayName: 'From Numbers',
			name: 'fromNumbers',
			apiPath: 'touchpoint.additional_settings.from_numbers',
			description: 'Sending WhatsApp numbers, comma-separated',
			parse: stringList,
		}),
		paramsGroup('Header Params (JSON)', 'headerParams', 'touchpoint.whatsapp_data.header_params'),
		booleanField({
			displayName: 'Ignore Suppression',
			name: 'ignoreSuppression',
			description: 'Whether to message customers on the suppression list',
			apiPath: 'touchpoint.additional_settings.ignore_suppression',
		}),
		booleanField({
			displayName: 'Is Consultants',
			name: 'isConsultants',
			description: 'Whether this is a consultants touchpoint',
			apiPath: 'touchpoint.is_consultants',
		}),
		stringField({
			displayName: 'Language Code',
			name: 'languageCode',
			apiPath: 'touchpoint.whatsapp_data.language_code',
			description: 'Language of the template',
			placeholder: 'e.g. en',
		}),
		jsonField({
			displayName: 'Variables (JSON)',
			name: 'variables',
			default: '[]',
			description: 'Template variables, as a list of objects',
			apiPath: 'touchpoint.variables',
			parse: jsonArray,
		}),
		stringField({
			displayName: 'WhatsApp Body',
			name: 'whatsappBody',
			apiPath: 'touchpoint.whatsapp_data.whatsapp_body',
			description: 'The message text',
			typeOptions: { rows: 3 },
		}),
	],
};
