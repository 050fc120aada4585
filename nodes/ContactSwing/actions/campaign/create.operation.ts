import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PreparedRequest } from '../operations';
import { fieldProperties, pickVariant, readRequest, showOnlyFor } from '../operations';
import type { Field } from '../../helpers/fields';
import { booleanField, dateTimeField, jsonField, numberField, rowsField, stringField } from '../../helpers/fields';
import type { Reader } from '../../helpers/readers';
import {
	digitsPhoneNumber,
	emailAddress,
	integerBetween,
	isoDateTime,
	jsonArray,
	nonNegativeInteger,
	positiveInteger,
	required,
	stringList,
	text,
	timeZone,
} from '../../helpers/readers';

const show = { resource: ['campaign'], operation: ['create'] };

const customerRows = (contactKey: 'email' | 'to_number', contactLabel: string, read: Reader): Field =>
	rowsField({
		displayName: 'Customers',
		name: 'customers',
		row: { displayName: 'Customer', name: 'customer' },
		placeholder: 'Add Customer',
		description: 'The customers the touchpoint reaches',
		apiPath: 'touchpoint.customer_details',
		fields: [
			stringField({
				displayName: 'Customer ID',
				name: 'id',
				apiPath: 'id',
				description: 'ContactSwing customer ID',
				read: required(text),
			}),
			stringField({
				displayName: contactLabel,
				name: contactKey === 'email' ? 'email' : 'toNumber',
				apiPath: contactKey,
				description: contactKey === 'email' ? "The customer's email" : "The customer's WhatsApp number",
				read: required(read),
			}),
		],
		required: true,
	});

const common: Field[] = [
	stringField({
		displayName: 'Campaign Name',
		name: 'name',
		apiPath: 'name',
		description: 'Name of the campaign',
		read: required(text),
	}),
	stringField({
		displayName: 'Touchpoint Name',
		name: 'touchpointName',
		apiPath: 'touchpoint.name',
		description: 'Name of the touchpoint',
		read: required(text),
	}),
	stringField({
		displayName: 'Touchpoint Status',
		name: 'touchpointStatus',
		apiPath: 'touchpoint.status',
		description: 'Status of the touchpoint',
		placeholder: 'e.g. scheduled',
		read: required(text),
		default: 'scheduled',
	}),
	dateTimeField({
		displayName: 'Start At',
		name: 'startAt',
		apiPath: 'touchpoint.start_at',
		description: 'When the touchpoint starts (ISO 8601)',
		read: required(isoDateTime),
	}),
	numberField({
		displayName: 'Agent ID',
		name: 'assistantId',
		default: 0,
		description: 'The numeric ID of the agent that runs the campaign',
		apiPath: 'touchpoint.assistant_id',
		read: required(positiveInteger),
	}),
];

const campaignOptional: Field[] = [
	stringField({
		displayName: 'Business Goal',
		name: 'businessGoal',
		apiPath: 'business_goal',
		description: 'What the campaign should achieve',
	}),
	stringField({
		displayName: 'Campaign Type',
		name: 'campaignType',
		apiPath: 'type',
		description: 'Type of the campaign',
	}),
	stringField({
		displayName: 'Company Plan ID',
		name: 'companyPlanId',
		apiPath: 'company_plan_id',
		description: 'Company plan the campaign belongs to',
	}),
	numberField({
		displayName: 'End Hour',
		name: 'endHour',
		apiPath: 'touchpoint.additional_settings.end_hour',
		description: 'Last hour of the daily window (0–23)',
		read: integerBetween(0, 23),
		default: 17,
	}),
	stringField({
		displayName: 'Execution Days',
		name: 'executionDays',
		apiPath: 'touchpoint.additional_settings.execution_days',
		description: 'Days to run, comma-separated',
		placeholder: 'e.g. monday, tuesday',
		read: stringList,
	}),
	numberField({
		displayName: 'Start Hour',
		name: 'startHour',
		apiPath: 'touchpoint.additional_settings.start_hour',
		description: 'First hour of the daily window (0–23)',
		read: integerBetween(0, 23),
		default: 9,
	}),
	stringField({
		displayName: 'Time Zone',
		name: 'timeZone',
		apiPath: 'touchpoint.additional_settings.time_zone',
		description: 'IANA time zone of the window',
		placeholder: 'e.g. America/New_York',
		read: timeZone,
	}),
	stringField({
		displayName: 'Workspace ID',
		name: 'workspaceId',
		apiPath: 'workspace_id',
		description: 'Workspace of the campaign',
	}),
];

const paramsGroup = (displayName: string, name: string, apiPath: string): Field =>
	jsonField({
		displayName,
		name,
		description: 'As {"is_static": true, "params": [{…}]}',
		apiPath,
	});

const touchpoints: Record<string, { path: string; pathIfNotFound?: string; required: Field[]; optional: Field[] }> = {
	EMAIL: {
		path: '/v2/_campaign/create_with_touchpoint',
		required: [customerRows('email', 'Email', emailAddress)],
		optional: [
			stringField({
				displayName: 'Email Body',
				name: 'emailBody',
				apiPath: 'touchpoint.email_body',
				description: 'The email body',
				typeOptions: { rows: 4 },
			}),
			stringField({
				displayName: 'Email Medium',
				name: 'emailMedium',
				apiPath: 'touchpoint.additional_settings.email_medium',
				description: 'How the email is sent',
			}),
			stringField({
				displayName: 'Email Subject',
				name: 'emailSubject',
				apiPath: 'touchpoint.email_subject',
				description: 'The subject line',
			}),
			stringField({
				displayName: 'From Emails',
				name: 'fromEmails',
				apiPath: 'touchpoint.additional_settings.from_emails',
				description: 'Sender addresses, comma-separated',
				read: (v) => stringList(v)?.map((e) => emailAddress(e) as string),
			}),
			stringField({
				displayName: 'Sender Email',
				name: 'email',
				apiPath: 'touchpoint.additional_settings.email',
				description: 'The email account of the touchpoint',
				read: emailAddress,
			}),
			stringField({
				displayName: 'Variables',
				name: 'variables',
				apiPath: 'touchpoint.variables',
				description: 'Template variables',
			}),
		],
	},
	WHATSAPP: {
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
				read: required(text),
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
				read: nonNegativeInteger,
				default: 0,
			}),
			stringField({
				displayName: 'From Numbers',
				name: 'fromNumbers',
				apiPath: 'touchpoint.additional_settings.from_numbers',
				description: 'Sending WhatsApp numbers, comma-separated',
				read: stringList,
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
				read: jsonArray,
			}),
			stringField({
				displayName: 'WhatsApp Body',
				name: 'whatsappBody',
				apiPath: 'touchpoint.whatsapp_data.whatsapp_body',
				description: 'The message text',
				typeOptions: { rows: 3 },
			}),
		],
	},
};

export const CAMPAIGN_WARNING =
	'Messages real customers: each customer of the touchpoint is contacted, which may cost money.';

export const description: INodeProperties[] = [
	...showOnlyFor(show, [
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
		},
	]),
	...Object.entries(touchpoints).flatMap(([channel, touchpoint]) =>
		fieldProperties(
			{ ...show, touchpointChannel: [channel] },
			[...common, ...touchpoint.required],
			[...campaignOptional, ...touchpoint.optional],
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
