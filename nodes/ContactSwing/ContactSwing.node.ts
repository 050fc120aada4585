import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as action from './actions/action/Action.resource';
import * as apiKey from './actions/apiKey/ApiKey.resource';
import * as assistant from './actions/assistant/Assistant.resource';
import * as call from './actions/call/Call.resource';
import * as campaign from './actions/campaign/Campaign.resource';
import * as customer from './actions/customer/Customer.resource';
import * as knowledgeBase from './actions/knowledgeBase/KnowledgeBase.resource';
import { NODE_VERSIONS } from './actions/common/properties';
import { optionsProperty } from './actions/options.description';
import { router } from './actions/router';
import { contactSwingApiTest } from './methods/credentialTest';
import { searchCustomers } from './methods/listSearch';
import { getActions } from './methods/loadOptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Agent', value: 'assistant' },
			{ name: 'Agent Action', value: 'action' },
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
];

/**
 * The subtitle under the node on the canvas, in the panel's words ("Agent: Create", "Customer: Get
 * Many"), read from the Resource and Operation dropdowns themselves.
 */
function subtitle(): string {
	const labels = (name: string) =>
		Object.fromEntries(
			properties
				.filter((property) => property.name === name)
				.flatMap((property) => property.options as INodePropertyOptions[])
				.map((option) => [option.value, option.name]),
		);
	const [resource, operation] = [JSON.stringify(labels('resource')), JSON.stringify(labels('operation'))];
	return `={{ ${resource}[$parameter["resource"]] + ": " + ${operation}[$parameter["operation"]] }}`;
}

export class ContactSwing implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ContactSwing',
		name: 'contactSwing',
		icon: { light: 'file:../../icons/contactSwing.svg', dark: 'file:../../icons/contactSwing.dark.svg' },
		group: ['output'],
		version: NODE_VERSIONS,
		defaultVersion: NODE_VERSIONS[NODE_VERSIONS.length - 1],
		subtitle: subtitle(),
		description:
			'Create ContactSwing AI agents for WhatsApp, voice, chat, SMS and email, give them actions and knowledge, keep customers in sync, start calls and launch campaigns',
		defaults: { name: 'ContactSwing' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'contactSwingApi', required: true, testedBy: 'contactSwingApiTest' }],
		properties,
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
