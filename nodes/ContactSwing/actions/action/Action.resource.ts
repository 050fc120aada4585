import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as getAll from './getAll.operation';

export { create, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['action'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an action an agent can take during a conversation, such as sending an SMS',
				action: 'Create an agent action',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the agent actions of the account',
				action: 'Get many agent actions',
			},
		],
		default: 'create',
	},
	...create.description,
	...getAll.description,
];
