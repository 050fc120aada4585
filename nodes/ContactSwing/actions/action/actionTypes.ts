import type { Field, Reader } from '../../helpers/fields';
import {
	boolean,
	digitsPhoneNumber,
	e164,
	e164List,
	emailAddress,
	FieldError,
	isUnset,
	jsonArray,
	jsonObject,
	nonNegativeInteger,
	required,
	stringField,
	stringList,
	text,
	timeOfDay,
	timeZone,
} from '../../helpers/fields';

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

const booleanField = (displayName: string, name: string, apiPath: string, description: string): Field => ({
	property: { displayName, name, type: 'boolean', default: false, description },
	apiPath,
	read: boolean,
});

const listField = (
	displayName: string,
	name: string,
	apiPath: string,
	description: string,
	read: Reader = stringList,
): Field => ({
	property: {
		displayName,
		name,
		type: 'string',
		default: '',
		description: `${description}. Comma-separated, or an array from an expression.`,
	},
	apiPath,
	read,
});

const mandatory = (description: string) => booleanField('Mandatory', 'mandatory', 'webhook.mandatory', description);

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
const bookingTimings: Field = {
	property: {
		displayName: 'Booking Timings',
		name: 'bookingTimings',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Day',
		description: 'When bookings may be made, per weekday (HH:MM, 24 hours)',
		options: [
			{
				displayName: 'Day',
				name: 'day',
				values: [
					{
						displayName: 'Weekday',
						name: 'weekday',
						type: 'options',
						options: WEEKDAYS.map((day) => ({ name: day[0].toUpperCase() + day.slice(1), value: day })),
						default: 'monday',
					},
					{ displayName: 'Start Time', name: 'startTime', type: 'string', default: '09:00', placeholder: '09:00' },
					{ displayName: 'End Time', name: 'endTime', type: 'string', default: '17:00', placeholder: '17:00' },
				],
			},
		],
	},
	apiPath: 'webhook.booking_timings',
	read: (value) => {
		const days = (value as { day?: Array<{ weekday: string; startTime: unknown; endTime: unknown }> } | undefined)?.day;
		if (isUnset(days) || !days) return undefined;
		const timings: Record<string, { start_time: string; end_time: string }> = {};
		for (const { weekday, startTime, endTime } of days) {
			const start = required(timeOfDay)(startTime) as string;
			const end = required(timeOfDay)(endTime) as string;
			if (start >= end)
				throw new FieldError(
					`has ${weekday} ending (${end}) before it starts (${start})`,
					'Make the end time later than the start time.',
				);
			timings[weekday] = { start_time: start, end_time: end };
		}
		return timings;
	},
};

export const actionTypes: ActionType[] = [
	{
		type: 'WEBHOOK',
		name: 'API Webhook',
		description: 'Calls an HTTP endpoint during the conversation',
		descriptionRequired: true,
		required: [
			stringField('URL', 'url', 'webhook.url', 'The endpoint the agent calls', required(text)),
			{
				property: {
					displayName: 'Method',
					name: 'method',
					type: 'options',
					options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((method) => ({ name: method, value: method })),
					default: 'POST',
					description: 'HTTP method of the call',
				},
				apiPath: 'webhook.method',
				read: required(text),
			},
		],
		optional: [
			{
				property: {
					displayName: 'Body (JSON)',
					name: 'body',
					type: 'json',
					default: '[]',
					description: 'Body definition items, such as [{"type": "static", "values": {"data": "info"}}]',
				},
				apiPath: 'webhook.body',
				read: jsonArray,
			},
			{
				property: {
					displayName: 'Headers (JSON)',
					name: 'headers',
					type: 'json',
					default: '{}',
					description: 'Request headers as a JSON object of names and values',
				},
				apiPath: 'webhook.headers',
				read: jsonObject,
			},
			mandatory('Whether the agent asks for confirmation before calling'),
			listField(
				'Required Fields',
				'requiredFields',
				'webhook.required',
				'Fields the agent must collect before calling',
			),
			stringField('Response Prompt', 'responsePrompt', 'webhook.response.prompt', 'How the agent uses the response'),
			booleanField(
				'Run Before Call',
				'runBeforeCall',
				'webhook.run_before_call',
				'Whether to call the endpoint before the conversation starts',
			),
			stringField('Static Body', 'staticBody', 'webhook.static_body', 'A fixed payload'),
			stringField('Webhook Type', 'webhookType', 'webhook.type', 'For example static'),
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
			stringField(
				'Extraction Prompt',
				'extractionDescription',
				'webhook.description',
				'What to extract, for example "user interested on buying the product"',
				required(text),
			),
		],
		optional: [
			stringField('Field Name', 'fieldName', 'webhook.name', 'Name of the extracted value'),
			mandatory('Whether the agent must get an answer before it continues'),
			stringField('Answer Type', 'answerType', 'webhook.type', 'Type of the answer; the docs show yes/no'),
			booleanField('Sync Data', 'syncData', 'webhook.sync_data', 'Whether to save the value automatically'),
			stringField('Sync Field', 'syncField', 'webhook.sync_field', 'Field to save into, for example customer_timezone'),
			stringField('Sync Module', 'syncModule', 'webhook.sync_module', 'Module to save into; the docs show customers'),
		],
	},
	{
		type: 'SEND_SMS',
		name: 'SMS',
		description: 'Sends a text message during the conversation',
		descriptionRequired: true,
		required: [],
		optional: [
			stringField('Body', 'smsBody', 'sms.body.value', 'The message template'),
			{
				// Always sent: the page's example is an empty list, the person on the conversation.
				property: {
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: 'e.g. +13465507166',
					description:
						'Who gets the text, in E.164. Without it, the agent texts the person it is talking to. Comma-separated, or an array from an expression.',
				},
				apiPath: 'sms.to.value',
				read: (value) => e164List(value) ?? [],
			},
			listField('CC', 'cc', 'sms.cc', 'More recipients in E.164', e164List),
			stringField('From', 'from', 'sms.from', 'The sending number in E.164', e164),
			mandatory('Whether the agent asks for confirmation before sending'),
			stringField('Provider', 'provider', 'sms.provider', 'SMS provider; the docs show TWILIO'),
			stringField(
				'Response Message',
				'responseMessage',
				'sms.response_message_context',
				'What the agent says after sending',
			),
		],
	},
	{
		type: 'SEND_WHATSAPP',
		name: 'WhatsApp',
		description: 'Sends a WhatsApp template message during the conversation',
		descriptionRequired: true,
		required: [
			stringField(
				'To',
				'to',
				'webhook.to',
				'Recipient WhatsApp number, digits with country code and no +',
				required(digitsPhoneNumber),
			),
			stringField(
				'From (Phone Number ID)',
				'from',
				'webhook.from',
				"Meta's phone-number ID of the sending WhatsApp number",
				required(text),
			),
			stringField(
				'Template Name',
				'templateName',
				'webhook.template_name',
				'An approved WhatsApp template',
				required(text),
			),
		],
		optional: [
			listField('Body Params', 'bodyParams', 'webhook.body_params', 'Template body variables'),
			listField('Button Params', 'buttonParams', 'webhook.button_params', 'Template button variables'),
			listField('Header Params', 'headerParams', 'webhook.header_params', 'Template header variables'),
			booleanField('Is Active', 'isActive', 'is_active', 'Whether the action is enabled'),
			stringField('Language Code', 'languageCode', 'webhook.language_code', 'Template language, for example en'),
			mandatory('Whether the agent waits for a reply'),
			stringField('Phone Number', 'phoneNumber', 'phone_number', 'A number that overrides the default'),
		],
	},
	{
		type: 'CALL_TRANSFER',
		name: 'Call Transfer',
		description: 'Transfers the call to a person',
		descriptionRequired: true,
		required: [
			stringField(
				'Phone Number',
				'phoneNumber',
				'phone_number',
				'Where to transfer, digits with country code and no +',
				required(digitsPhoneNumber),
			),
		],
		optional: [
			booleanField(
				'Extension Enabled',
				'extensionEnabled',
				'webhook.extension_enabled',
				'Whether extensions may be dialled',
			),
			booleanField(
				'Run Before Call',
				'runBeforeCall',
				'runBeforeCall',
				'Whether to run before the transfer (sent as runBeforeCall, as the page spells it)',
			),
			stringField('Speech', 'speech', 'speech', 'What the agent says before transferring'),
		],
	},
	{
		type: 'DTMF_ACTION',
		name: 'DTMF (Keypad)',
		description: 'Asks the caller for keypad input',
		descriptionRequired: true,
		required: [
			stringField(
				'Prompt',
				'dtmfDescription',
				'webhook.description',
				'What the agent asks for, for example "Enter your account number"',
				required(text),
			),
		],
		optional: [mandatory('Whether keypad input is needed before continuing')],
	},
	{
		type: 'LABOREDGE',
		name: 'Laboredge',
		description: 'Runs a Laboredge operation, such as adding or updating a candidate',
		descriptionRequired: true,
		required: [
			{
				property: {
					displayName: 'Laboredge Operation',
					name: 'laboredgeOperation',
					type: 'options',
					options: [{ name: 'Upsert Candidate', value: 'upsert_candidate' }],
					default: 'upsert_candidate',
					description: 'What the agent does in Laboredge. Other operations: switch to Expression and type their name.',
				},
				apiPath: 'webhook.type',
				read: required(text),
			},
		],
		optional: [mandatory("Whether the agent waits for Laboredge's answer before it goes on")],
	},
	{
		type: 'APPOINTMENT',
		name: 'Real-Time Booking',
		description: 'Books appointments in a Google or Outlook calendar',
		descriptionRequired: true,
		required: [
			stringField('Calendar Email', 'calendarEmail', 'webhook.email', 'The calendar account', required(emailAddress)),
			{
				property: {
					displayName: 'Calendar Type',
					name: 'calendarType',
					type: 'options',
					options: [
						{ name: 'Google', value: 'google' },
						{ name: 'Outlook', value: 'outlook' },
					],
					default: 'google',
				},
				apiPath: 'webhook.type',
				read: required(text),
			},
			stringField('User ID', 'userId', 'webhook.user_id', 'UUID of the ContactSwing user', required(uuid)),
		],
		optional: [
			bookingTimings,
			{
				property: {
					displayName: 'Buffer Time (Minutes)',
					name: 'bufferTime',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 15,
					description: 'Minutes kept free between bookings',
				},
				apiPath: 'webhook.buffer_time',
				read: nonNegativeInteger,
			},
			mandatory('Whether the booking needs confirmation'),
			listField(
				'Round Robin Emails',
				'roundRobinEmails',
				'webhook.round_robin_emails',
				'Calendars to spread bookings over',
				(v) => stringList(v)?.map((e) => emailAddress(e) as string),
			),
			stringField('Time Zone', 'timeZone', 'webhook.timezone', 'IANA time zone, for example Africa/Algiers', timeZone),
		],
	},
];
