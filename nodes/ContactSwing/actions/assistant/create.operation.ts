import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Field } from '../../helpers/fields';
import { required, text } from '../../helpers/fields';
import type { PreparedRequest } from '../operations';
import { extraBody, pickVariant, readRequest } from '../operations';
import { channels } from './channels';

const channelsByType = Object.fromEntries(channels.map((channel) => [channel.type, channel]));

const showForCreate = { resource: ['assistant'], operation: ['create'] };

/** The fields every channel requires, shown above the channel's own. */
const commonFields: Field[] = [
	{
		property: {
			displayName: 'Name',
			name: 'name',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Acme Support Agent',
			description: 'Display name of the new agent',
		},
		apiPath: 'name',
		read: required(text),
	},
	{
		property: {
			displayName: 'Model',
			name: 'model',
			type: 'string',
			required: true,
			default: 'cw-llm-1',
			description: 'ContactSwing model ID. The docs show cw-llm-1; type another ID if ContactSwing gave you one.',
		},
		apiPath: 'model',
		read: required(text),
	},
	{
		property: {
			displayName: 'Instructions',
			name: 'instructions',
			type: 'string',
			typeOptions: { rows: 6 },
			required: true,
			default: '',
			placeholder: 'e.g. You are the friendly assistant of Acme. Answer questions about orders…',
			description: 'System instructions: how the agent behaves and what it may do',
		},
		apiPath: 'instructions',
		read: required(text),
	},
];

export const description: INodeProperties[] = [
	{
		displayName: 'Channel',
		name: 'type',
		type: 'options',
		options: channels.map(({ name, type, description }) => ({ name, value: type, description })),
		default: 'WHATSAPP',
		description: 'Where the agent talks to people',
		displayOptions: { show: showForCreate },
	},
	...commonFields.map(({ property }) => ({ ...property, displayOptions: { show: showForCreate } })),
	...channels.flatMap(({ type, required: channelRequired, optional }): INodeProperties[] => {
		const show = { ...showForCreate, type: [type] };
		return [
			...channelRequired.map(({ property }) => ({ ...property, required: true, displayOptions: { show } })),
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show },
				options: [...optional, extraBody].map(({ property }) => property),
			},
		];
	}),
];

/** Reads and validates one item: the channel, its fields, and the Extra Body merged last. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedRequest {
	const { variant: channel } = pickVariant(
		this,
		itemIndex,
		{ name: 'type', displayName: 'Channel', noun: 'a channel' },
		channelsByType,
	);
	const { body, qs } = readRequest(this, itemIndex, [...commonFields, ...channel.required], channel.optional);
	return { request: { method: 'POST', path: '/v2/_new_assistants', body: { type: channel.type, ...body }, qs } };
}

export { send as run } from '../operations';
