import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';

export { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a campaign with one Email or WhatsApp touchpoint. Messages real customers and may cost money.',
				// As a tool, this text is what the model reads: it must know it messages real people.
				action: 'Create a campaign that messages real customers and costs money',
			},
		],
		default: 'create',
	},
	{
		displayName: create.CAMPAIGN_WARNING,
		name: 'campaignNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['campaign'], operation: ['create'] } },
	},
	...create.description,
];
