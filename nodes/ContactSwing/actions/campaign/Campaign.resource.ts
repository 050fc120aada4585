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
				// Short, as n8n's own: it names the node; the warning is in the description and the notice.
				action: 'Create a campaign',
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
