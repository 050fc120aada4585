import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['assistant'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an AI agent on a channel such as WhatsApp',
				// n8n gives an AI agent this text (plus " in ContactSwing") as the tool's description.
				action: 'Create an AI agent',
			},
		],
		default: 'create',
	},
	...create.description,
];
