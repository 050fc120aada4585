import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { PreparedRequest } from '../common/request';
import { fieldProperties, requiredProperties } from '../common/properties';
import { pickVariant, requestFromFields } from '../common/request';
import { channels } from './channels';
import type { Field } from '../../helpers/fields';
import { byName, stringField } from '../../helpers/fields';
import { required, text } from '../../helpers/parsers';

const channelsByType = Object.fromEntries(channels.map((channel) => [channel.type, channel]));

const showForCreate = { resource: ['assistant'], operation: ['create'] };

/** The fields every channel requires, shown above the channel's own. */
const commonFields: Field[] = [
	stringField({
		displayName: 'Name',
		name: 'name',
		required: true,
		placeholder: 'e.g. Acme Support Agent',
		description: 'Display name of the new agent',
		apiPath: 'name',
		parse: required(text),
	}),
	stringField({
		displayName: 'Model',
		name: 'model',
		required: true,
		default: 'cw-llm-1',
		description: 'The language model the agent runs on. Keep cw-llm-1 unless ContactSwing gave you another model ID.',
		apiPath: 'model',
		parse: required(text),
	}),
	stringField({
		displayName: 'Instructions',
		name: 'instructions',
		typeOptions: { rows: 6 },
		required: true,
		placeholder: 'e.g. You are the friendly support agent of Acme. Answer questions about orders…',
		description: 'System instructions: how the agent behaves and what it may do',
		apiPath: 'instructions',
		parse: required(text),
	}),
];

export const description: INodeProperties[] = [
	...updateDisplayOptions({ show: showForCreate }, [
		{
			displayName: 'Channel',
			name: 'type',
			type: 'options',
			options: channels.map(({ name, type, description }) => ({ name, value: type, description })).sort(byName),
			default: 'WHATSAPP',
			description: 'Where the agent talks to people',
		},
		...requiredProperties(commonFields),
	]),
	...channels.flatMap(({ type, required, optional, onTop }) =>
		fieldProperties({ ...showForCreate, type: [type] }, required, optional, undefined, onTop),
	),
];

/** Reads and validates one item: the channel, its fields, and the Extra Body merged last. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedRequest {
	const { variant: channel } = pickVariant(
		this,
		itemIndex,
		{ name: 'type', displayName: 'Channel', noun: 'a channel' },
		channelsByType,
	);
	const { body, qs } = requestFromFields(
		this,
		itemIndex,
		[...commonFields, ...channel.required],
		channel.optional,
		undefined,
		channel.onTop,
	);
	return { request: { method: 'POST', path: '/v2/_new_assistants', body: { type: channel.type, ...body }, qs } };
}

export { send as run } from '../common/request';
