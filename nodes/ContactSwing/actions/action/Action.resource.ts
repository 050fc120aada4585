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
				description: 'Create an action that agents can use as a tool',
				action: 'Create an action',
			},
			{ name: 'Get Many', value: 'getAll', description: 'List the actions of the account', action: 'Get many actions' },
		],
		default: 'create',
	},
	...create.description,
	...getAll.description,
];
