import type { IDataObject } from 'n8n-workflow';
import type { Field, FieldSpec } from '../../helpers/fields';
import {
	booleanField,
	jsonField,
	listField,
	numberField,
	optionsField,
	rowsField,
	stringField,
} from '../../helpers/fields';
import {
	digitsPhoneNumber,
	e164,
	e164List,
	emailAddress,
	FieldError,
	jsonArray,
	nonNegativeInteger,
	required,
	stringList,
	text,
	timeOfDay,
	timeZone,
} from '../../helpers/readers';

/** One documented action `type`: its fields, required ones top level. */
export interface ActionType {
	type: string;
	name: string;
	description: string;
	/** Whether the docs page requires the action's top-level `description` (all but data extraction). */
	descriptionRequired: boolean;
	required: Field[];
	optional: Field[];
}

/** A list of IDs or values; the hint tells the builder both ways to give one. */
const idListField = (spec: FieldSpec): Field =>
	listField({ ...spec, description: `${spec.description}. Comma-separated, or an array from an expression.` });

const mandatory = (description: string) =>
	booleanField({ displayName: 'Mandatory', name: 'mandatory', apiPath: 'webhook.mandatory', description });

function uuid(value: unknown): string | undefined {
	const id = text(value)?.trim();
	if (id === undefined) return undefined;
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
		throw new FieldError(
			`must be a UUID, but it is "${id.slice(0, 40)}"`,
			'Use the ContactSwing user ID, such as 6f439f98-32f6-4b44-928c-6e890e298d51.',
		);
	}
	return id;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Booking windows per weekday, `{monday: {start_time: "09:00", end_time: "17:00"}}`. */
const bookingTimings = rowsField({
	displayName: 'Booking Timings',
	name: 'bookingTimings',
	row: { displayName: 'Day', name: 'day' },
	placeholder: 'Add Day',
	description: 'When bookings may be made, per weekday (HH:MM, 24 hours)',
	apiPath: 'webhook.booking_timings',
	fields: [
		optionsField({
			displayName: 'Weekday',
			name: 'weekday',
			// Calendar order, not alphabetical: builders look for a day where the week puts it.
			options: WEEKDAYS.map((day) => ({ name: day[0].toUpperCase() + day.slice(1), value: day })),
			default: 'monday',
			apiPath: 'weekday',
			read: required(text),
		}),
		stringField({
			displayName: 'Start Time',
			name: 'startTime',
			default: '09:00',
			placeholder: 'e.g. 09:00',
			apiPath: 'start_time',
			read: required(timeOfDay),
		}),
		stringField({
			displayName: 'End Time',
			name: 'endTime',
			default: '17:00',
			placeholder: 'e.g. 17:00',
			apiPath: 'end_time',
			read: required(timeOfDay),
		}),
	],
	toApi: (days) => {
		const timings: IDataObject = {};
		for (const { weekday, start_time: start, end_time: end } of days) {
			if (String(start) >= String(end))
				throw new FieldError(
					`has ${weekday} ending (${end}) before it starts (${start})`,
					'Make the end time later than the start time.',
				);
			timings[weekday as string] = { start_time: start, end_time: end };
		}
		return timings;
	},
});

export const actionTypes: ActionType[] = [
	{
		type: 'WEBHOOK',
		name: 'API Webhook',
		description: 'Calls an HTTP endpoint during the conversation',
		descriptionRequired: true,
		required: [
			stringField({
				displayName: 'URL',
				name: 'url',
				apiPath: 'webhook.url',
				description: 'The endpoint the agent calls',
				read: required(text),
			}),
			optionsField({
				displayName: 'Method',
				name: 'method',
				options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((method) => ({ name: method, value: method })),
				default: 'POST',
				description: 'HTTP method of the call',
				apiPath: 'webhook.method',
				read: required(text),
			}),
		],
		optional: [
			jsonField({
				displayName: 'Body (JSON)',
				name: 'body',
				default: '[]',
				description: 'Body definition items, such as [{"type": "static", "values": {"data": "info"}}]',
				apiPath: 'webhook.body',
				read: jsonArray,
			}),
			jsonField({
				displayName: 'Headers (JSON)',
				name: 'headers',
				description: 'Request headers as a JSON object of names and values',
				apiPath: 'webhook.headers',
			}),
			mandatory('Whether the agent asks for confirmation before calling'),
			idListField({
				displayName: 'Required Fields',
				name: 'requiredFields',
				apiPath: 'webhook.required',
				description: 'Fields the agent must collect before calling',
			}),
			stringField({
				displayName: 'Response Prompt',
				name: 'responsePrompt',
				apiPath: 'webhook.response.prompt',
				description: 'How the agent uses the response',
			}),
			booleanField({
				displayName: 'Run Before Call',
				name: 'runBeforeCall',
				apiPath: 'webhook.run_before_call',
				description: 'Whether to call the endpoint before the conversation starts',
			}),
			stringField({
				displayName: 'Static Body',
				name: 'staticBody',
				apiPath: 'webhook.static_body',
				description: 'A fixed payload',
			}),
			stringField({
				displayName: 'Webhook Type',
				name: 'webhookType',
				apiPath: 'webhook.type',
				description: 'How the webhook body is built',
				placeholder: 'e.g. static',
			}),
		],
	},
	{
		type: 'SINGLEDATAEXTRACTION',
		name: 'Data Extraction',
		description: 'Extracts one value from the conversation and can save it',
		descriptionRequired: false,
		// The page requires the `webhook` object but none of its keys; an extraction without a
		// prompt extracts nothing, so the prompt is the one key asked for (and `webhook` is always sent).
		required: [
			stringField({
				displayName: 'Extraction Prompt',
				name: 'extractionDescription',
				apiPath: 'webhook.description',
				description: 'What to extract from the conversation',
				placeholder: 'e.g. Whether the caller wants to buy the product',
				read: required(text),
			}),
		],
		optional: [
			stringField({
				displayName: 'Field Name',
				name: 'fieldName',
				apiPath: 'webhook.name',
				description: 'Name of the extracted value',
			}),
			mandatory('Whether the agent must get an answer before it continues'),
			stringField({
				displayName: 'Answer Type',
				name: 'answerType',
				apiPath: 'webhook.type',
				description: 'Type of the answer',
				placeholder: 'e.g. yes/no',
			}),
			booleanField({
				displayName: 'Sync Data',
				name: 'syncData',
				apiPath: 'webhook.sync_data',
				description: 'Whether to save the value automatically',
			}),
			stringField({
				displayName: 'Sync Field',
				name: 'syncField',
				apiPath: 'webhook.sync_field',
				description: 'Field to save into',
				placeholder: 'e.g. customer_timezone',
			}),
			stringField({
				displayName: 'Sync Module',
				name: 'syncModule',
				apiPath: 'webhook.sync_module',
				description: 'Module to save into',
				placeholder: 'e.g. customers',
			}),
		],
	},
	{
		type: 'SEND_SMS',
		name: 'SMS',
		description: 'Sends a text message during the conversation',
		descriptionRequired: true,
		required: [],
		optional: [
			stringField({
				displayName: 'Body',
				name: 'smsBody',
				apiPath: 'sms.body.value',
				description: 'The message template',
			}),
			stringField({
				displayName: 'To',
				name: 'to',
				placeholder: 'e.g. +13465507166',
				description:
					'Who gets the text, in E.164. Without it, the agent texts the person it is talking to. Comma-separated, or an array from an expression.',
				apiPath: 'sms.to.value',
				read: (value) => e164List(value) ?? [],
			}),
			idListField({
				displayName: 'CC',
				name: 'cc',
				apiPath: 'sms.cc',
				description: 'More recipients in E.164',
				read: e164List,
			}),
			stringField({
				displayName: 'From',
				name: 'from',
				apiPath: 'sms.from',
				description: 'The sending number in E.164',
				read: e164,
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
	},
	{
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
				read: required(digitsPhoneNumber),
			}),
			stringField({
				displayName: 'From (Phone Number ID)',
				name: 'from',
				apiPath: 'webhook.from',
				description: "Meta's phone-number ID of the sending WhatsApp number",
				read: required(text),
			}),
			stringField({
				displayName: 'Template Name',
				name: 'templateName',
				apiPath: 'webhook.template_name',
				description: 'An approved WhatsApp template',
				read: required(text),
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
	},
	{
		type: 'CALL_TRANSFER',
		name: 'Call Transfer',
		description: 'Transfers the call to a person',
		descriptionRequired: true,
		required: [
			stringField({
				displayName: 'Phone Number',
				name: 'phoneNumber',
				apiPath: 'phone_number',
				description: 'Where to transfer, digits with country code and no +',
				read: required(digitsPhoneNumber),
			}),
		],
		optional: [
			booleanField({
				displayName: 'Extension Enabled',
				name: 'extensionEnabled',
				apiPath: 'webhook.extension_enabled',
				description: 'Whether extensions may be dialled',
			}),
			booleanField({
				displayName: 'Run Before Call',
				name: 'runBeforeCall',
				apiPath: 'runBeforeCall',
				description: 'Whether to run before the transfer',
			}),
			stringField({
				displayName: 'Speech',
				name: 'speech',
				apiPath: 'speech',
				description: 'What the agent says before transferring',
			}),
		],
	},
	{
		type: 'DTMF_ACTION',
		name: 'DTMF (Keypad)',
		description: 'Asks the caller for keypad input',
		descriptionRequired: true,
		required: [
			stringField({
				displayName: 'Prompt',
				name: 'dtmfDescription',
				apiPath: 'webhook.description',
				description: 'What the agent asks for',
				placeholder: 'e.g. Enter your account number',
				read: required(text),
			}),
		],
		optional: [mandatory('Whether keypad input is needed before continuing')],
	},
	{
		type: 'LABOREDGE',
		name: 'Laboredge',
		description: 'Runs a Laboredge operation, such as adding or updating a candidate',
		descriptionRequired: true,
		required: [
			optionsField({
				displayName: 'Laboredge Operation',
				name: 'laboredgeOperation',
				options: [{ name: 'Upsert Candidate', value: 'upsert_candidate' }],
				default: 'upsert_candidate',
				description: 'What the agent does in Laboredge',
				hint: 'To use an operation that is not listed, switch the field to Expression and type its name.',
				apiPath: 'webhook.type',
				read: required(text),
			}),
		],
		optional: [mandatory("Whether the agent waits for Laboredge's answer before it goes on")],
	},
	{
		type: 'APPOINTMENT',
		name: 'Real-Time Booking',
		description: 'Books appointments in a Google or Outlook calendar',
		descriptionRequired: true,
		required: [
			stringField({
				displayName: 'Calendar Email',
				name: 'calendarEmail',
				apiPath: 'webhook.email',
				description: 'The calendar account',
				read: required(emailAddress),
			}),
			optionsField({
				displayName: 'Calendar Type',
				name: 'calendarType',
				options: [
					{ name: 'Google', value: 'google' },
					{ name: 'Outlook', value: 'outlook' },
				],
				default: 'google',
				apiPath: 'webhook.type',
				read: required(text),
			}),
			stringField({
				displayName: 'User ID',
				name: 'userId',
				apiPath: 'webhook.user_id',
				description: 'UUID of the ContactSwing user',
				read: required(uuid),
			}),
		],
		optional: [
			bookingTimings,
			numberField({
				displayName: 'Buffer Time (Minutes)',
				name: 'bufferTime',
				typeOptions: { minValue: 0 },
				default: 15,
				description: 'Minutes kept free between bookings',
				apiPath: 'webhook.buffer_time',
				read: nonNegativeInteger,
			}),
			mandatory('Whether the booking needs confirmation'),
			idListField({
				displayName: 'Round Robin Emails',
				name: 'roundRobinEmails',
				apiPath: 'webhook.round_robin_emails',
				description: 'Calendars to spread bookings over',
				read: (value: unknown) => stringList(value)?.map((address) => emailAddress(address) as string),
			}),
			stringField({
				displayName: 'Time Zone',
				name: 'timeZone',
				apiPath: 'webhook.timezone',
				description: 'IANA time zone of the calendar',
				placeholder: 'e.g. Africa/Algiers',
				read: timeZone,
			}),
		],
	},
];
