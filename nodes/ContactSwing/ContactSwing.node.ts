import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as assistant from './actions/assistant/Assistant.resource';
import { router } from './actions/router';
import { getActions } from './methods/loadOptions';
import { optionsProperty } from './transport/policy';

export class ContactSwing implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ContactSwing',
		name: 'contactSwing',
		icon: { light: 'file:../../icons/contactSwing.svg', dark: 'file:../../icons/contactSwing.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create ContactSwing AI agents. Creating an assistant sets up a new AI agent (for example a WhatsApp agent) in the ContactSwing account and returns its assistant_id.',
		defaults: { name: 'ContactSwing' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactSwingApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Assistant', value: 'assistant' }],
				default: 'assistant',
			},
			...assistant.description,
			optionsProperty,
		],
	};

	methods = { loadOptions: { getActions } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
