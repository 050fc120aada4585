import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';
import * as makeCall from './makeCall.operation';
import { CALL_WARNING } from './shared';
import * as start from './start.operation';

export { getAll, makeCall, start };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List calls with their status and duration',
				action: 'Get many calls',
			},
			// The action names the node and, as an AI tool, its automatic description: short, as n8n's
			// own; the cost warning is in the description, the notice and the docs' advice to write a
			// Tool Description.
			{
				name: 'Make Call',
				value: 'makeCall',
				description:
					"Like Start, through the agent's own endpoint and with no call version: use it only where ContactSwing asks for it. Places a real call that costs money.",
				action: 'Make a call',
			},
			{
				name: 'Start',
				value: 'start',
				description:
					'Call a number with a voice agent, with a choice of call version: use this rather than Make Call. Places a real call that costs money.',
				action: 'Start a call',
			},
		],
		default: 'start',
	},
	{
		displayName: `${CALL_WARNING}`,
		name: 'callNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['call'], operation: ['start', 'makeCall'] } },
	},
	...start.description,
	...makeCall.description,
	...getAll.description,
];
