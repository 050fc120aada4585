import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Field, Reader } from '../../helpers/fields';
import {
	boolean,
	digitsPhoneNumber,
	emailAddress,
	integerBetween,
	isoDateTime,
	jsonArray,
	jsonObject,
	nonNegativeInteger,
	positiveInteger,
	required,
	rowsField,
	stringField,
	stringList,
	text,
	timeZone,
} from '../../helpers/fields';
import type { PreparedRequest } from '../operations';
import { extraBody, fieldProperties, pickVariant, readRequest } from '../operations';

const show = { resource: ['campaign'], operation: ['create'] };

const customerRows = (contactKey: 'email' | 'to_number', contactLabel: string, read: Reader): Field =>
	rowsField({
		displayName: 'Customers',
		name: 'customers',
		row: { displayName: 'Customer', name: 'customer' },
		placeholder: 'Add Customer',
		description: 'Who the touchpoint reaches (sent as touchpoint.customer_details)',
		apiPath: 'touchpoint.customer_details',
		fields: [
			stringField('Customer ID', 'id', 'id', 'ContactSwing customer ID', required(text)),
			stringField(
				contactLabel,
				contactKey === 'email' ? 'email' : 'toNumber',
				contactKey,
				`The customer's ${contactLabel.toLowerCase()}`,
				required(read),
			),
		],
		required: true,
	});

const common: Field[] = [
	stringField('Campaign Name', 'name', 'name', 'Name of the campaign', required(text)),
	stringField('Touchpoint Name', 'touchpointName', 'touchpoint.name', 'Name of the touchpoint', required(text)),
	stringField(
		'Touchpoint Status',
		'touchpointStatus',
		'touchpoint.status',
		'Status of the touchpoint; the docs show scheduled',
		required(text),
		{ default: 'scheduled' },
	),
	stringField(
		'Start At',
		'startAt',
		'touchpoint.start_at',
		'When the touchpoint starts (ISO 8601)',
		required(isoDateTime),
		{ type: 'dateTime' },
	),
	{
		property: {
			displayName: 'Assistant ID',
			name: 'assistantId',
			type: 'number',
			default: 0,
			description: 'The agent to use. The campaign pages type it as an integer.',
		},
		apiPath: 'touchpoint.assistant_id',
		read: required(positiveInteger),
	},
];

const campaignOptional: Field[] = [
	stringField('Business Goal', 'businessGoal', 'business_goal', 'What the campaign should achieve'),
	stringField('Campaign Type', 'campaignType', 'type', 'Type of the campaign'),
	stringField('Company Plan ID', 'companyPlanId', 'company_plan_id', 'Company plan the campaign belongs to'),
	stringField(
		'End Hour',
		'endHour',
		'touchpoint.additional_settings.end_hour',
		'Last hour of the daily window (0–23)',
		integerBetween(0, 23),
		{ type: 'number', default: 17 },
	),
	stringField(
		'Execution Days',
		'executionDays',
		'touchpoint.additional_settings.execution_days',
		'Days to run, comma-separated (for example monday, tuesday)',
		stringList,
	),
	stringField(
		'Start Hour',
		'startHour',
		'touchpoint.additional_settings.start_hour',
		'First hour of the daily window (0–23)',
		integerBetween(0, 23),
		{ type: 'number', default: 9 },
	),
	stringField(
		'Time Zone',
		'timeZone',
		'touchpoint.additional_settings.time_zone',
		'IANA time zone of the window, for example America/New_York',
		timeZone,
	),
	stringField('Workspace ID', 'workspaceId', 'workspace_id', 'Workspace of the campaign'),
];

const paramsGroup = (displayName: string, name: string, apiPath: string): Field => ({
	property: { displayName, name, type: 'json', default: '{}', description: 'As {"is_static": true, "params": [{…}]}' },
	apiPath,
	read: jsonObject,
});

const touchpoints: Record<string, { path: string; pathIfNotFound?: string; required: Field[]; optional: Field[] }> = {
	EMAIL: {
		path: '/v2/_campaign/create_with_touchpoint',
		required: [customerRows('email', 'Email', emailAddress)],
		optional: [
			stringField('Email Body', 'emailBody', 'touchpoint.email_body', 'The email body', text, {
				typeOptions: { rows: 4 },
			}),
			stringField(
				'Email Medium',
				'emailMedium',
				'touchpoint.additional_settings.email_medium',
				'How the email is sent',
			),
			stringField('Email Subject', 'emailSubject', 'touchpoint.email_subject', 'The subject line'),
			stringField(
				'From Emails',
				'fromEmails',
				'touchpoint.additional_settings.from_emails',
				'Sender addresses, comma-separated',
				(v) => stringList(v)?.map((e) => emailAddress(e) as string),
			),
			stringField(
				'Sender Email',
				'email',
				'touchpoint.additional_settings.email',
				'The email account of the touchpoint',
				emailAddress,
			),
			stringField('Variables', 'variables', 'touchpoint.variables', 'Template variables (text on the Email page)'),
		],
	},
	WHATSAPP: {
		// The only campaign page without the underscore every other path has. A 404 creates
		// nothing, so the underscore form is tried once then.
		path: '/v2/campaign/create_with_touchpoint',
		pathIfNotFound: '/v2/_campaign/create_with_touchpoint',
		required: [
			customerRows('to_number', 'WhatsApp Number', digitsPhoneNumber),
			stringField(
				'Template',
				'template',
				'touchpoint.whatsapp_data.template',
				'An approved WhatsApp template',
				required(text),
			),
		],
		optional: [
			stringField('Attachment URL', 'attachmentUrl', 'touchpoint.attachment_url', 'Media for the template header'),
			paramsGroup('Body Params (JSON)', 'bodyParams', 'touchpoint.whatsapp_data.body_params'),
			paramsGroup('Button Params (JSON)', 'buttonParams', 'touchpoint.whatsapp_data.button_params'),
			stringField(
				'Delay',
				'delay',
				'touchpoint.additional_settings.delay',
				'Delay between messages (the docs do not state the unit)',
				nonNegativeInteger,
				{ type: 'number', default: 0 },
			),
			stringField(
				'From Numbers',
				'fromNumbers',
				'touchpoint.additional_settings.from_numbers',
				'Sending WhatsApp numbers, comma-separated',
				stringList,
			),
			paramsGroup('Header Params (JSON)', 'headerParams', 'touchpoint.whatsapp_data.header_params'),
			{
				property: {
					displayName: 'Ignore Suppression',
					name: 'ignoreSuppression',
					type: 'boolean',
					default: false,
					description: 'Whether to message customers on the suppression list',
				},
				apiPath: 'touchpoint.additional_settings.ignore_suppression',
				read: boolean,
			},
			{
				property: {
					displayName: 'Is Consultants',
					name: 'isConsultants',
					type: 'boolean',
					default: false,
					description: 'Whether this is a consultants touchpoint (not explained by the docs)',
				},
				apiPath: 'touchpoint.is_consultants',
				read: boolean,
			},
			stringField(
				'Language Code',
				'languageCode',
				'touchpoint.whatsapp_data.language_code',
				'Template language, for example en',
			),
			{
				property: {
					displayName: 'Variables (JSON)',
					name: 'variables',
					type: 'json',
					default: '[]',
					description: 'Template variables, a list of objects (as on the WhatsApp page)',
				},
				apiPath: 'touchpoint.variables',
				read: jsonArray,
			},
			stringField('WhatsApp Body', 'whatsappBody', 'touchpoint.whatsapp_data.whatsapp_body', 'The message text', text, {
				typeOptions: { rows: 3 },
			}),
		],
	},
};

export const CAMPAIGN_WARNING =
	'Messages real customers: each customer of the touchpoint is contacted, which may cost money.';

export const description: INodeProperties[] = [
	{
		displayName: 'Touchpoint Channel',
		name: 'touchpointChannel',
		type: 'options',
		options: [
			{ name: 'Email', value: 'EMAIL' },
			{ name: 'WhatsApp', value: 'WHATSAPP' },
		],
		default: 'EMAIL',
		description: 'How the campaign reaches customers',
		displayOptions: { show },
	},
	...Object.entries(touchpoints).flatMap(([channel, touchpoint]) =>
		fieldProperties(
			{ ...show, touchpointChannel: [channel] },
			[...common, ...touchpoint.required],
			[...campaignOptional, ...touchpoint.optional, extraBody],
			{
				name: 'additionalFields',
				displayName: 'Additional Fields',
			},
		),
	),
];

/** One campaign with one touchpoint, in one call; the path is each channel's page's own. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedRequest {
	const { value: channel, variant: touchpoint } = pickVariant(
		this,
		itemIndex,
		{ name: 'touchpointChannel', displayName: 'Touchpoint Channel', noun: 'a touchpoint channel' },
		touchpoints,
	);
	const { body } = readRequest(
		this,
		itemIndex,
		[...common, ...touchpoint.required],
		[...campaignOptional, ...touchpoint.optional],
	);
	const settings = ((body.touchpoint as IDataObject).additional_settings ?? {}) as IDataObject;
	if (
		typeof settings.start_hour === 'number' &&
		typeof settings.end_hour === 'number' &&
		settings.start_hour >= settings.end_hour
	) {
		throw new NodeOperationError(
			this.getNode(),
			`"End Hour" (${settings.end_hour}) must be later than "Start Hour" (${settings.start_hour})`,
			{
				itemIndex,
				description: 'The daily window runs from Start Hour to End Hour, for example 9 to 17.',
			},
		);
	}
	(body.touchpoint as IDataObject).type ??= channel;
	return { request: { method: 'POST', path: touchpoint.path, pathIfNotFound: touchpoint.pathIfNotFound, body } };
}

export { send as run } from '../operations';
