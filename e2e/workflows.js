'use strict';
/**
 * The workflows the end-to-end scenarios import: the README's examples as users import them, or
 * with their trigger replaced by items the CLI can produce, and the workflows built around them.
 */
const fs = require('node:fs');
const path = require('node:path');

const { NODE_TYPE } = require('./n8n');

const ROOT = path.resolve(__dirname, '..');
/** The credential every scenario imports (e2e/run.js, with the double's URL and the JWT). */
const CREDENTIAL = { id: 'cs-e2e', name: 'ContactSwing e2e' };

/** The Manual Trigger that starts a workflow run by `n8n execute`. */
function manualTrigger(id, position) {
	return { id, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position, parameters: {} };
}

/**
 * An example workflow as users import it, with its trigger replaced by Manual Trigger → Set → Split Out,
 * which emits the trigger's pinned sample items (the CLI cannot wait for a form submission or webhook call).
 */
function exampleDrivenByItems(file, id, extraItems = []) {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
	const trigger = Object.keys(workflow.connections)[0];
	const ours = workflow.nodes.find((node) => node.type === NODE_TYPE);
	const items = [...workflow.pinData[trigger].map((item) => item.json), ...extraItems];
	return {
		id,
		name: workflow.name,
		nodes: [
			manualTrigger(`${id}-1`, [0, 0]),
			{
				id: `${id}-2`,
				name: trigger,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
			},
			{
				id: `${id}-3`,
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [400, 0],
				parameters: { fieldToSplitOut: 'items', options: {} },
			},
			{
				...ours,
				id: `${id}-4`,
				position: [600, 0],
				credentials: { contactSwingApi: CREDENTIAL },
			},
		],
		connections: {
			Start: { main: [[{ node: trigger, type: 'main', index: 0 }]] },
			[trigger]: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: ours.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/**
 * The Form example with two more submissions: one with a phone number where Meta's phone-number ID
 * belongs (refused before sending), and one the API double is told to reject (a 400 from ContactSwing).
 */
function continueOnFailWorkflow(id, onError) {
	const workflow = exampleDrivenByItems('form-trigger-whatsapp-agent.json', id, [
		{
			Company: 'Broken Phone Ltd',
			'WhatsApp Phone Number ID': '+44 20 7946 0000',
			'What should the agent help with?': 'Anything.',
		},
		{
			Company: 'Umbrella Corp',
			'WhatsApp Phone Number ID': '650175178190179',
			'What should the agent help with?': 'Orders.',
		},
		{
			Company: 'Rejected Inc',
			'WhatsApp Phone Number ID': '650175178190180',
			'What should the agent help with?': 'Refunds.',
		},
	]);
	workflow.name = `On Error: ${onError}`;
	workflow.nodes[3].onError = onError;
	return workflow;
}

/** An example exactly as users import it, bound to the e2e credential. */
function exampleAsIs(file, id) {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
	for (const node of workflow.nodes)
		if (node.type.startsWith(NODE_TYPE)) node.credentials = { contactSwingApi: CREDENTIAL };
	return { ...workflow, id, active: false };
}

const AI_EXAMPLE = 'ai-agent-chat-whatsapp-agent.json';

/**
 * The AI-agent example with its Chat Trigger replaced by Manual Trigger → Set (the chat message),
 * since the CLI cannot wait for a chat. `extraTools` adds ContactSwing tools that the model is
 * offered but never calls (to read the descriptions n8n gives it).
 */
function aiAgentWorkflow(id, chatInput, extraTools = []) {
	const workflow = exampleAsIs(AI_EXAMPLE, id);
	const trigger = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger');
	for (const node of workflow.nodes)
		if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi')
			node.credentials = { openAiApi: { id: 'openai-e2e', name: 'OpenAI e2e' } };
	const chat = { ...workflow.pinData[trigger.name][0].json, chatInput };
	workflow.nodes = [
		...workflow.nodes.filter((node) => node !== trigger),
		manualTrigger(`${id}-start`, [-200, 0]),
		{
			id: `${id}-chat`,
			name: trigger.name,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [0, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify(chat), options: {} },
		},
		...extraTools.map((tool, index) => ({
			id: `${id}-tool-${index}`,
			typeVersion: 1.1,
			position: [600 + 200 * index, 220],
			type: `${NODE_TYPE}Tool`,
			credentials: { contactSwingApi: CREDENTIAL },
			...tool,
		})),
	];
	workflow.connections = {
		Start: { main: [[{ node: trigger.name, type: 'main', index: 0 }]] },
		...workflow.connections,
		...Object.fromEntries(
			extraTools.map((tool) => [tool.name, { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] }]),
		),
	};
	workflow.pinData = {};
	return workflow;
}

/**
 * Call → Start and Campaign → Create, as an agent would be given them: with the Tool Description
 * the README asks for on a costly tool (the automatic one is only the short action name).
 */
const COSTLY_TOOL_DESCRIPTIONS = {
	'Call the lead':
		'Phones a real person with a ContactSwing voice agent: the call costs money. Only call a number the user asked you to call.',
	'Start a campaign':
		'Starts a ContactSwing campaign that messages real customers and may cost money. Only start one the user asked for.',
};
const COSTLY_TOOLS = [
	{
		name: 'Call the lead',
		parameters: {
			resource: 'call',
			operation: 'start',
			phoneNumber: "={{ $fromAI('phone_number', 'The number to call, in E.164', 'string') }}",
			agentId: "={{ $fromAI('voice_agent_id', 'The voice agent that makes the call', 'string') }}",
			additionalFields: {},
			options: {},
			descriptionType: 'manual',
			toolDescription: COSTLY_TOOL_DESCRIPTIONS['Call the lead'],
		},
	},
	{
		name: 'Start a campaign',
		parameters: {
			resource: 'campaign',
			operation: 'create',
			touchpointChannel: 'EMAIL',
			name: "={{ $fromAI('campaign_name', 'Name of the campaign', 'string') }}",
			touchpointName: 'First touch',
			touchpointStatus: 'scheduled',
			startAt: "={{ $fromAI('start_at', 'When to start, ISO 8601', 'string') }}",
			assistantId: 1,
			customers: {
				customer: [
					{
						id: "={{ $fromAI('customer_id', 'The customer', 'string') }}",
						email: "={{ $fromAI('customer_email', 'Their email', 'string') }}",
					},
				],
			},
			additionalFields: {},
			options: {},
			descriptionType: 'manual',
			toolDescription: COSTLY_TOOL_DESCRIPTIONS['Start a campaign'],
		},
	},
];

/**
 * Manual Trigger → n8n's HTTP Request node signed by the ContactSwing credential (Authentication →
 * Predefined Credential Type → ContactSwing API): a call to an endpoint the node does not offer.
 */
function customCallWorkflow(id, url) {
	return {
		id,
		name: 'Custom API call with the ContactSwing credential',
		nodes: [
			manualTrigger(`${id}-1`, [0, 0]),
			{
				id: `${id}-2`,
				name: 'ContactSwing API call',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [200, 0],
				parameters: {
					url,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'contactSwingApi',
					options: {},
				},
				credentials: { contactSwingApi: CREDENTIAL },
			},
		],
		connections: { Start: { main: [[{ node: 'ContactSwing API call', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** The path of an example's Webhook trigger: its production URL is /webhook/<path>. */
function webhookPathOf(file) {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
	return workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook').parameters.path;
}

module.exports = {
	COSTLY_TOOL_DESCRIPTIONS,
	COSTLY_TOOLS,
	CREDENTIAL,
	aiAgentWorkflow,
	continueOnFailWorkflow,
	customCallWorkflow,
	exampleAsIs,
	exampleDrivenByItems,
	webhookPathOf,
};
