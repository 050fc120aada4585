import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as update from './update.operation';

export { create, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['knowledgeBase'] } },
		options: [
			{ name: 'Create', value: 'create', description: 'Create a knowledge base', action: 'Create a knowledge base' },
			{
				name: 'Update',
				value: 'update',
				description: 'Rename a knowledge base or add files, URLs and FAQs to it',
				action: 'Update a knowledge base',
			},
		],
		default: 'create',
	},
	...create.description,
	...update.description,
];
