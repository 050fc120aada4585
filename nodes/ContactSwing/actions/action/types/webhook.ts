import type { ActionType } from './shared';
import { idListField, mandatory } from './shared';
import { booleanField, jsonField, optionsField, stringField } from '../../../helpers/fields';
import { jsonArray, required, text } from '../../../helpers/parsers';

export const apiWebhook: ActionType = {
	type: 'WEBHOOK',
	name: 'API Webhook',
	description: 'Calls an HTTP endpoint during the conversation',
	descriptionRequired: true,
	required: [
		stringField({
			displayName: 'URL',
			name: 'url',
			apiPath: 'webhook.url',
			description: 'The endpoint the agent calls',
			parse: required(text),
		}),
		optionsField({
			displayName: 'Method',
			name: 'method',
			options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((method) => ({ name: method, value: method })),
			default: 'POST',
			description: 'HTTP method of the call',
			apiPath: 'webhook.method',
			parse: required(text),
		}),
	],
	optional: [
		jsonField({
			displayName: 'Body (JSON)',
			name: 'body',
			default: '[]',
			description: 'Body definition items, such as [{"type": "static", "values": {"data": "info"}}]',
			apiPath: 'webhook.body',
			parse: jsonArray,
		}),
		jsonField({
			displayName: 'Headers (JSON)',
			name: 'headers',
			description: 'Request headers as a JSON object of names and values',
			apiPath: 'webhook.headers',
		}),
		mandatory('Whether the agent asks for confirmation before calling'),
		idListField({
			displayName: 'Required Fields',
			name: 'requiredFields',
			apiPath: 'webhook.required',
			description: 'Fields the agent must collect before calling',
		}),
		stringField({
			displayName: 'Response Prompt',
			name: 'responsePrompt',
			apiPath: 'webhook.response.prompt',
			description: 'How the agent uses the response',
		}),
		booleanField({
			displayName: 'Run Before Call',
			name: 'runBeforeCall',
			apiPath: 'webhook.run_before_call',
			description: 'Whether to call the endpoint before the conversation starts',
		}),
		stringField({
			displayName: 'Static Body',
			name: 'staticBody',
			apiPath: 'webhook.static_body',
			description: 'A fixed payload',
		}),
		stringField({
			displayName: 'Webhook Type',
			name: 'webhookType',
			apiPath: 'webhook.type',
			description: 'How the webhook body is built',
			placeholder: 'e.g. static',
		}),
	],
};
