import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { PreparedRequest } from '../common/request';
import { AGENT_ID, fieldProperties, fromVersion11, inVersion1Only, OTHER_VALUES_HINT } from '../common/properties';
import { pickVariant, requestFromFields, send } from '../common/request';
import type { Execution } from '../../transport/execution';
import { emailTouchpoint } from './touchpoints/email';
import type { Touchpoint } from './touchpoints/shared';
import { whatsappTouchpoint } from './touchpoints/whatsapp';
import type { Field } from '../../helpers/fields';
import { dateTimeField, numberField, optionsField, stringField } from '../../helpers/fields';
import { integerBetween, required, stringList, text, wholeNumberOrText } from '../../helpers/parsers';
import { isoDateTime, timeZone } from '../../helpers/formats';

const show = { resource: ['campaign'], operation: ['create'] };

const touchpointStatus = {
	displayName: 'Touchpoint Status',
	name: 'touchpointStatus',
	apiPath: 'touchpoint.status',
	parse: required(text),
	default: 'scheduled',
};

const common: Field[] = [
	stringField({
		displayName: 'Campaign Name',
		name: 'name',
		apiPath: 'name',
		placeholder: 'e.g. Spring promotion',
		description: 'Name of the campaign',
		parse: required(text),
	}),
	stringField({
		displayName: 'Touchpoint Name',
		name: 'touchpointName',
		apiPath: 'touchpoint.name',
		placeholder: 'e.g. First email',
		description: 'Name of the touchpoint, the campaign step that contacts the customers',
		parse: required(text),
	}),
	// Version 1 took any text: as a dropdown, its other saved values would show as not supported.
	// Both read the one parameter.
	inVersion1Only(
		stringField({ ...touchpointStatus, description: 'Status of the touchpoint', placeholder: 'e.g. scheduled' }),
	),
	fromVersion11(
		optionsField({
			...touchpointStatus,
			options: [{ name: 'Scheduled', value: 'scheduled' }],
			description: 'Status of the touchpoint. ContactSwing documents only scheduled.',
			hint: OTHER_VALUES_HINT,
		}),
	),
	dateTimeField({
		displayName: 'Start At',
		name: 'startAt',
		apiPath: 'touchpoint.start_at',
		description: 'When the touchpoint starts (ISO 8601)',
		parse: required(isoDateTime),
	}),
	stringField({
		...AGENT_ID,
		name: 'assistantId',
		description: 'The agent that runs the campaign',
		hint: `${AGENT_ID.hint} A whole number is sent as a number.`,
		apiPath: 'touchpoint.assistant_id',
		parse: required(wholeNumberOrText),
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
		parse: integerBetween(0, 23),
		default: 17,
	}),
	stringField({
		displayName: 'Execution Days',
		name: 'executionDays',
		apiPath: 'touchpoint.additional_settings.execution_days',
		description: 'Days to run, comma-separated',
		placeholder: 'e.g. monday, tuesday',
		parse: stringList,
	}),
	numberField({
		displayName: 'Start Hour',
		name: 'startHour',
		apiPath: 'touchpoint.additional_settings.start_hour',
		description: 'First hour of the daily window (0–23)',
		parse: integerBetween(0, 23),
		default: 9,
	}),
	stringField({
		displayName: 'Time Zone',
		name: 'timeZone',
		apiPath: 'touchpoint.additional_settings.time_zone',
		description: 'IANA time zone of the window',
		placeholder: 'e.g. America/New_York',
		parse: timeZone,
	}),
	stringField({
		displayName: 'Workspace ID',
		name: 'workspaceId',
		apiPath: 'workspace_id',
		description: 'Workspace of the campaign',
	}),
];

/** The touchpoint channels, by their API `type`. */
const touchpoints: Record<string, Touchpoint> = { EMAIL: emailTouchpoint, WHATSAPP: whatsappTouchpoint };

export const CAMPAIGN_WARNING =
	'Messages real customers: each customer of the touchpoint is contacted, which may cost money.';

export const description: INodeProperties[] = [
	...updateDisplayOptions({ show: show }, [
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
			undefined,
			touchpoint.onTop,
		),
	),
];

/** One campaign with one touchpoint, in one call; the path is each channel's page's own. */
interface PreparedCampaign extends PreparedRequest {
	pathIfNotFound?: string;
}

export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedCampaign {
	const { value: channel, variant: touchpoint } = pickVariant(
		this,
		itemIndex,
		{ name: 'touchpointChannel', displayName: 'Touchpoint Channel', noun: 'a touchpoint channel' },
		touchpoints,
	);
	const { body } = requestFromFields(
		this,
		itemIndex,
		[...common, ...touchpoint.required],
		[...campaignOptional, ...touchpoint.optional],
		undefined,
		touchpoint.onTop,
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
	return { request: { method: 'POST', path: touchpoint.path, body }, pathIfNotFound: touchpoint.pathIfNotFound };
}

/** Sends the campaign; a 404 from a path the docs spell two ways (it created nothing) tries the other once. */
export async function run(
	this: IExecuteFunctions,
	{ request, pathIfNotFound }: PreparedCampaign,
	itemIndex: number,
	execution: Execution,
) {
	const first = await send.call(this, { request }, itemIndex, execution).then(
		(data) => ({ data }),
		(error: unknown) => ({ error }),
	);
	if ('data' in first) return first.data;
	const notFound = first.error instanceof NodeApiError && first.error.httpCode === '404';
	if (!notFound || !pathIfNotFound) throw first.error;
	return await send.call(this, { request: { ...request, path: pathIfNotFound } }, itemIndex, execution);
}
