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
			{
				name: 'Make Call',
				value: 'makeCall',
				description:
					'Have a voice agent phone a number, without choosing a call version. Places a real phone call: it contacts a person and costs money.',
				// As a tool, this text is what the model reads: it must know it phones a real person.
				action: 'Make a call with a voice agent that phones a real person and costs money',
			},
			{
				name: 'Start',
				value: 'start',
				description:
					'Start an outbound call with a voice agent. Places a real phone call: it contacts a person and costs money.',
				action: 'Start a call that phones a real person and costs money',
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
