import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as action from './actions/action/Action.resource';
import * as apiKey from './actions/apiKey/ApiKey.resource';
import * as assistant from './actions/assistant/Assistant.resource';
import * as call from './actions/call/Call.resource';
import * as campaign from './actions/campaign/Campaign.resource';
import * as customer from './actions/customer/Customer.resource';
import * as knowledgeBase from './actions/knowledgeBase/KnowledgeBase.resource';
import { optionsProperty } from './actions/options.description';
import { router } from './actions/router';
import { contactSwingApiTest } from './methods/credentialTest';
import { searchCustomers } from './methods/listSearch';
import { getActions } from './methods/loadOptions';

export class ContactSwing implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ContactSwing',
		name: 'contactSwing',
		icon: { light: 'file:../../icons/contactSwing.svg', dark: 'file:../../icons/contactSwing.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Create ContactSwing AI agents for WhatsApp, voice, chat, SMS and email, give them actions and knowledge, keep customers in sync, start calls and launch campaigns',
		defaults: { name: 'ContactSwing' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactSwingApi', required: true, testedBy: 'contactSwingApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Action', value: 'action' },
					{ name: 'Agent', value: 'assistant' },
					{ name: 'API Key', value: 'apiKey' },
					{ name: 'Call', value: 'call' },
					{ name: 'Campaign', value: 'campaign' },
					{ name: 'Customer', value: 'customer' },
					{ name: 'Knowledge Base', value: 'knowledgeBase' },
				],
				default: 'assistant',
			},
			...action.description,
			...apiKey.description,
			...assistant.description,
			...call.description,
			...campaign.description,
			...customer.description,
			...knowledgeBase.description,
			optionsProperty,
		],
	};

	methods = {
		loadOptions: { getActions },
		listSearch: { searchCustomers },
		credentialTest: { contactSwingApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
