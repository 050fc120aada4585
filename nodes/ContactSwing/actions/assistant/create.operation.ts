import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { buildBody, required, text } from '../../helpers/fields';
import type { BodyField } from '../../helpers/fields';
import { contactSwingRequest } from '../../transport';
import { channels } from './channels';

const showForCreate = { resource: ['assistant'], operation: ['create'] };

const commonFields: BodyField[] = [
	{ parameter: 'name', apiPath: 'name', label: 'Name', read: required(text) },
	{ parameter: 'model', apiPath: 'model', label: 'Model', read: required(text) },
	{ parameter: 'instructions', apiPath: 'instructions', label: 'Instructions', read: required(text) },
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
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Acme Support Agent',
		description: 'Display name of the new agent',
		displayOptions: { show: showForCreate },
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		required: true,
		default: 'cw-llm-1',
		description: 'ContactSwing model ID. The docs list cw-llm-1.',
		displayOptions: { show: showForCreate },
	},
	{
		displayName: 'Instructions',
		name: 'instructions',
		type: 'string',
		typeOptions: { rows: 6 },
		required: true,
		default: '',
		placeholder: 'e.g. You are the friendly assistant of Acme. Answer questions about orders…',
		description: 'System instructions: how the agent behaves and what it may do',
		displayOptions: { show: showForCreate },
	},
	...channels.flatMap(({ type, properties, additionalFields }): INodeProperties[] => {
		const show = { ...showForCreate, type: [type] };
		return [
			...properties.map((property) => ({ ...property, displayOptions: { show } })),
			{
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show },
				options: additionalFields,
			},
		];
	}),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const type = this.getNodeParameter('type', itemIndex) as string;
	const channel = channels.find((candidate) => candidate.type === type);
	if (!channel) {
		throw new NodeOperationError(this.getNode(), `Unknown channel "${String(type)}" [item ${itemIndex}]`, {
			itemIndex,
			description: `Use one of: ${channels.map((c) => c.type).join(', ')}`,
		});
	}
	const body = { ...buildBody(this, itemIndex, commonFields), type: channel.type, ...buildBody(this, itemIndex, channel.bodyFields) };
	const response = await contactSwingRequest.call(this, { method: 'POST', path: '/v2/_new_assistants', body }, itemIndex);
	return { ...((response.data as IDataObject | undefined) ?? {}), ctx_id: response.ctx_id };
}
