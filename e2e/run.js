'use strict';
/**
 * End-to-end: the packed package inside real n8n, the way users install it.
 *
 * For each pinned host (n8n 2.41.1 on Node 24, n8n 1.123.81 on Node 20):
 *  - `npm pack` the project and unpack it as a community package into a fresh n8n user folder;
 *  - import a credential pointing at the local API double, import workflows, execute them by id,
 *    and check what the double received and what the execution output;
 *  - search the stored executions (the SQLite database) and every log for the JWT;
 *  - start `n8n start` and check n8n registered the node and its AI-agent tool variant.
 * Then, on n8n 2.41.1, the browser check (e2e/browser.js).
 *
 * Prints `e2e: N passed, N failed`; exits non-zero on any failure; stops everything it started.
 * Needs the hosts from e2e/install-hosts.sh and `npm run build`.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const assert = require('node:assert/strict');
const path = require('node:path');

const { createContactSwingDouble } = require('../test/double/server');
const { CRM_WEBHOOK_EXAMPLE_REQUEST } = require('../test/harness/example-requests');
const {
	HOSTS,
	NODE_TYPE,
	children,
	executeWorkflow,
	freePort,
	n8n,
	n8nBin,
	nodeOutput,
	packProject,
	prepareUserFolder,
	spawnN8n,
	stopChild,
} = require('./n8n');
const { queueModeScenario } = require('./queue');
const { createScriptedModel, TOOL_ARGUMENTS } = require('./scripted-model');

const ROOT = path.resolve(__dirname, '..');
const JWT = 'e2e.jwt-2c7f9a1d-secret-token-do-not-leak';

const only = process.env.E2E_HOSTS ? process.env.E2E_HOSTS.split(',') : undefined;
const results = [];

function record(host, scenario, check) {
	try {
		check();
		results.push({ name: `${host.name}: ${scenario}`, ok: true });
		process.stdout.write(`  ✓ ${host.name}: ${scenario}\n`);
	} catch (error) {
		results.push({ name: `${host.name}: ${scenario}`, ok: false });
		process.stdout.write(
			`  ✗ ${host.name}: ${scenario}\n      ${String(error.message).split('\n').join('\n      ')}\n`,
		);
	}
}

/** Deep equality whatever the key order, with the scenario's words for what differed. */
function equal(actual, expected, what) {
	try {
		assert.deepStrictEqual(actual, expected);
	} catch (error) {
		error.message = `${what}: ${error.message}`;
		throw error;
	}
}

function filesBelow(dir) {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => (entry.isDirectory() ? filesBelow(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
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
			{
				id: `${id}-1`,
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
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
				credentials: { contactSwingApi: { id: 'cs-e2e', name: 'ContactSwing e2e' } },
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

const REJECTED = 'Rejected Inc WhatsApp Agent';

/** An example exactly as users import it, bound to the e2e credential. */
function exampleAsIs(file, id) {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
	for (const node of workflow.nodes)
		if (node.type.startsWith(NODE_TYPE))
			node.credentials = { contactSwingApi: { id: 'cs-e2e', name: 'ContactSwing e2e' } };
	return { ...workflow, id, active: false };
}

const DEDUPE_WORKFLOW = 'e2eDedupe00001';

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
		{
			id: `${id}-start`,
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [-200, 0],
			parameters: {},
		},
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
			typeVersion: 1,
			position: [600 + 200 * index, 220],
			type: `${NODE_TYPE}Tool`,
			credentials: { contactSwingApi: { id: 'cs-e2e', name: 'ContactSwing e2e' } },
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

/** Call → Start and Campaign → Create, as an agent would be given them. */
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
		},
	},
];

const BELLA =
	'Hi! I run Bella Pizza in Naples. Our WhatsApp phone-number ID is 650175178190177. Could you set up a WhatsApp agent that takes orders and answers questions about our opening hours?';
const REJECTED_SHOP =
	'Hi! I run Rejected Pizza in Rome. Our WhatsApp phone-number ID is 650175178190178. Please set up a WhatsApp agent for our orders.';
const BAD_PHONE_ID = /^"WhatsApp Phone Number ID" must be Meta's WhatsApp phone-number ID.*\[item 2\]$/;

async function headlessScenarios(host, run) {
	const { tarball, double, model, userFolders } = run;
	const userFolder = prepareUserFolder(tarball);
	userFolders.push(userFolder);
	const logs = [];
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(dir);
	fs.writeFileSync(
		path.join(userFolder, 'credentials.json'),
		JSON.stringify([
			{ id: 'cs-e2e', name: 'ContactSwing e2e', type: 'contactSwingApi', data: { token: JWT, baseUrl: double.url } },
			{
				id: 'openai-e2e',
				name: 'OpenAI e2e',
				type: 'openAiApi',
				data: { apiKey: 'sk-e2e-scripted-model', url: model.url },
			},
		]),
	);
	const workflows = [
		exampleDrivenByItems('form-trigger-whatsapp-agent.json', 'e2eForm0000001'),
		exampleDrivenByItems('crm-webhook-whatsapp-agent.json', 'e2eCrm00000001'),
		continueOnFailWorkflow('e2eCofRegular01', 'continueRegularOutput'),
		continueOnFailWorkflow('e2eCofErrorOut1', 'continueErrorOutput'),
		exampleAsIs('crm-webhook-whatsapp-agent.json', DEDUPE_WORKFLOW),
		...(host.ai
			? [aiAgentWorkflow('e2eAiAgent00001', BELLA, COSTLY_TOOLS), aiAgentWorkflow('e2eAiAgentFail1', REJECTED_SHOP)]
			: []),
	];
	workflows.forEach((workflow) => fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow)));

	const importedCredential = await n8n(host, userFolder, logs, [
		'import:credentials',
		`--input=${path.join(userFolder, 'credentials.json')}`,
	]);
	const importedWorkflows = await n8n(host, userFolder, logs, ['import:workflow', '--separate', `--input=${dir}`]);
	const activated = await n8n(host, userFolder, logs, host.activate(DEDUPE_WORKFLOW));
	record(host, 'imports the credential and the workflows', () => {
		assert(importedCredential.status === 0, `import:credentials failed: ${importedCredential.stderr.slice(-1500)}`);
		assert(importedWorkflows.status === 0, `import:workflow failed: ${importedWorkflows.stderr.slice(-1500)}`);
		assert(activated.status === 0, `activating the CRM webhook workflow failed: ${activated.stderr.slice(-1500)}`);
	});

	double.reset();
	const form = await executeWorkflow(host, userFolder, logs, 'e2eForm0000001');
	record(host, 'README example: Form Trigger → Create WhatsApp agent (2 submissions)', () => {
		const output = nodeOutput(form, 'Create WhatsApp agent');
		// Requests go out in parallel, so they may arrive in any order; the output keeps the input order.
		equal(
			double.state.requests.map((r) => [r.method, r.path, r.body.name, r.authorization]).sort(),
			[
				['POST', '/v2/_new_assistants', 'Acme Bikes WhatsApp Agent', `Bearer ${JWT}`],
				['POST', '/v2/_new_assistants', 'Globex Dental WhatsApp Agent', `Bearer ${JWT}`],
			],
			'requests',
		);
		const idOf = (name) => double.state.assistants.find((a) => a.name === name)?.assistant_id;
		equal(
			output.map((item) => [item.json.name, item.json.assistant_id, item.pairedItem]),
			[
				['Acme Bikes WhatsApp Agent', idOf('Acme Bikes WhatsApp Agent'), { item: 0 }],
				['Globex Dental WhatsApp Agent', idOf('Globex Dental WhatsApp Agent'), { item: 1 }],
			],
			'output',
		);
		equal(double.state.violations, [], 'contract violations');
	});

	double.reset();
	const crm = await executeWorkflow(host, userFolder, logs, 'e2eCrm00000001');
	record(host, 'README example: CRM webhook → Create WhatsApp agent', () => {
		const output = nodeOutput(crm, 'Create WhatsApp agent');
		equal(
			double.state.requests.map((r) => r.body),
			[CRM_WEBHOOK_EXAMPLE_REQUEST],
			'request body',
		);
		equal(
			output.map((item) => item.json.assistant_id),
			[double.state.assistants[0].assistant_id],
			'output',
		);
	});

	for (const onError of ['continueRegularOutput', 'continueErrorOutput']) {
		double.reset();
		double.failWhen((request) => request.body?.name === REJECTED, {
			status: 400,
			body: { detail: 'Invalid configuration' },
		});
		const run = await executeWorkflow(
			host,
			userFolder,
			logs,
			onError === 'continueRegularOutput' ? 'e2eCofRegular01' : 'e2eCofErrorOut1',
		);
		record(
			host,
			`On Error → ${onError}: each failed item carries its error and advice, paired to its input; the others are created`,
			() => {
				assert(!run.data.resultData.error, `the run failed: ${run.data.resultData.error?.message}`);
				const created = ['Acme Bikes WhatsApp Agent', 'Globex Dental WhatsApp Agent', 'Umbrella Corp WhatsApp Agent'];
				equal(double.state.assistants.map((a) => a.name).sort(), created, 'created');
				const main = nodeOutput(run, 'Create WhatsApp agent', 0);
				const errors =
					onError === 'continueErrorOutput'
						? nodeOutput(run, 'Create WhatsApp agent', 1)
						: main.filter((item) => item.json.error);
				const successes = main.filter((item) => !item.json.error);
				equal(
					successes.map((item) => [item.json.name, item.pairedItem]),
					[
						['Acme Bikes WhatsApp Agent', { item: 0 }],
						['Globex Dental WhatsApp Agent', { item: 1 }],
						['Umbrella Corp WhatsApp Agent', { item: 3 }],
					],
					'main output',
				);
				if (onError === 'continueErrorOutput')
					equal(main.length, successes.length, 'failed items left on the main output');
				else
					equal(
						main.map((item) => item.pairedItem),
						[0, 1, 2, 3, 4].map((item) => ({ item })),
						'main output order',
					);
				equal(
					errors.map((item) => item.pairedItem),
					[{ item: 2 }, { item: 4 }],
					'failed items paired to their inputs',
				);
				assert(BAD_PHONE_ID.test(errors[0].json.error), `bad phone-number ID: ${JSON.stringify(errors[0].json)}`);
				assert(
					/Phone number ID/.test(errors[0].json.message),
					`no advice with the bad phone-number ID: ${JSON.stringify(errors[0].json)}`,
				);
				equal(errors[1].json.error, 'ContactSwing answered 400: Invalid configuration [item 4]', 'API error');
				assert(
					/Check the fields named in the message/.test(errors[1].json.message),
					`no advice with the API error: ${JSON.stringify(errors[1].json)}`,
				);
			},
		);
	}

	if (host.ai) await aiAgentScenario(host, run, userFolder, logs);
	if (host.queue && process.env.E2E_QUEUE !== 'off') await queueScenario(host, run, logs);

	await registrationScenario(host, run, userFolder, logs);

	record(host, 'no JWT in the stored executions or the logs', () => {
		// Everything n8n stored: the SQLite database with its WAL, the event log, binary data.
		const stored = filesBelow(path.join(userFolder, '.n8n')).filter(
			(file) => !file.includes(`${path.sep}nodes${path.sep}`),
		);
		const bytes = Buffer.concat(stored.map((file) => fs.readFileSync(file)));
		// The stored executions are there (only their output holds the names the expressions built) ...
		assert(
			bytes.includes(Buffer.from('Acme Bikes WhatsApp Agent')),
			`no stored execution data found in ${stored.join(', ')}`,
		);
		// ... and the JWT is nowhere: not in execution data, not in the (encrypted) credential, not in the event log.
		for (const file of stored) assert(!fs.readFileSync(file).includes(Buffer.from(JWT)), `the JWT is in ${file}`);
		assert(
			logs.join('\n').includes('Create WhatsApp agent') || logs.join('\n').includes('ContactSwing'),
			'the logs were not captured',
		);
		assert(!logs.join('\n').includes(JWT), 'the JWT is in the n8n logs');
	});
}

/**
 * An n8n AI Agent, its OpenAI Chat Model pointed at the scripted model, calls ContactSwing as a
 * tool: once successfully, once with a name ContactSwing rejects.
 */
async function aiAgentScenario(host, { double, model }, userFolder, logs) {
	double.reset();
	model.requests.length = 0;
	const run = await executeWorkflow(host, userFolder, logs, 'e2eAiAgent00001');
	record(
		host,
		'AI Agent → ContactSwing tool: one create with the values the model chose, and its assistant_id in the answer',
		() => {
			assert(!run.data.resultData.error, `the run failed: ${run.data.resultData.error?.message}`);
			const [first, second] = model.requests.map((request) => request.body);
			assert(first && second, `the model was asked ${model.requests.length} times`);
			equal(model.requests.length, 2, 'requests to the model');
			assert(first.tools, 'the first request offered no tools');
			const call = second.messages.find((message) => message.tool_calls)?.tool_calls?.[0];
			assert(call, `no tool call came back to the model: ${JSON.stringify(second.messages).slice(0, 500)}`);
			const chosen = JSON.parse(call.function.arguments);
			equal(
				double.state.requests.map((r) => [r.method, r.path, r.authorization]),
				[['POST', '/v2/_new_assistants', `Bearer ${JWT}`]],
				'requests',
			);
			equal(
				double.state.requests[0].body,
				{
					name: chosen.agent_name,
					type: 'WHATSAPP',
					model: 'cw-llm-1',
					instructions: chosen.instructions,
					phone_number: chosen.whatsapp_phone_number_id,
				},
				'the create',
			);
			equal(chosen.whatsapp_phone_number_id, '650175178190177', 'the phone-number ID the model read from the chat');
			const [agent] = nodeOutput(run, 'AI Agent');
			const id = double.state.assistants[0].assistant_id;
			assert(
				String(agent.json.output).includes(id),
				`the agent's answer does not quote ${id}: ${JSON.stringify(agent.json)}`,
			);
			equal(double.state.violations, [], 'contract violations');
		},
	);

	record(
		host,
		'AI Agent → what the model receives: the tool names, what each does, its arguments, and which ones cost money',
		() => {
			const tools = Object.fromEntries(model.requests[0].body.tools.map((tool) => [tool.function.name, tool.function]));
			const create = tools.Create_WhatsApp_agent;
			assert(create, `tools offered: ${Object.keys(tools).join(', ')}`);
			equal(create.description, 'Create an AI agent in ContactSwing', 'the create tool');
			equal(Object.keys(create.parameters.properties).sort(), TOOL_ARGUMENTS, 'its arguments');
			assert(
				/phone-number ID from Meta/.test(create.parameters.properties.whatsapp_phone_number_id.description),
				'the phone-number ID argument is not explained',
			);
			equal(
				tools.Call_the_lead?.description,
				'Start a call that phones a real person and costs money in ContactSwing',
				'Call → Start',
			);
			equal(
				tools.Start_a_campaign?.description,
				'Create a campaign that messages real customers and costs money in ContactSwing',
				'Campaign → Create',
			);
			if (process.env.E2E_VERBOSE)
				process.stdout.write(`    tools the model received: ${JSON.stringify(model.requests[0].body.tools)}\n`);
		},
	);

	double.reset();
	model.requests.length = 0;
	double.failWhen((request) => request.body?.name === 'Rejected Pizza WhatsApp Agent', {
		status: 400,
		body: { detail: 'Phone number ID is not connected to this account' },
	});
	const failed = await executeWorkflow(host, userFolder, logs, 'e2eAiAgentFail1');
	const toolMessage = model.requests[1]?.body.messages.find((message) => message.role === 'tool');
	if (process.env.E2E_VERBOSE) {
		process.stdout.write(
			`    failing tool call: run error ${JSON.stringify(failed.data.resultData.error?.message)}; the model got ${JSON.stringify(toolMessage?.content)}\n`,
		);
	}
	record(
		host,
		'AI Agent → a tool call ContactSwing rejects reaches the model as the tool result; the run goes on and the JWT is nowhere',
		() => {
			assert(!failed.data.resultData.error, `the run stopped: ${failed.data.resultData.error?.message}`);
			equal(double.state.requests.length, 1, 'creates sent (never retried)');
			equal(double.state.assistants.length, 0, 'agents created');
			assert(toolMessage, `the model was not told: ${model.requests.length} requests`);
			assert(
				/ContactSwing answered 400: Phone number ID is not connected to this account/.test(
					JSON.stringify(toolMessage.content),
				),
				`tool result: ${JSON.stringify(toolMessage.content)}`,
			);
			const [agent] = nodeOutput(failed, 'AI Agent');
			assert(/could not create the agent/.test(agent.json.output), `the agent's answer: ${JSON.stringify(agent.json)}`);
			for (const text of [JSON.stringify(model.requests), JSON.stringify(failed), JSON.stringify(run)])
				assert(!text.includes(JWT), 'the JWT reached the model or the run data');
		},
	);
}

async function queueScenario(host, { tarball, double }, logs) {
	const flatted = require(path.join(host.dir, 'node_modules/flatted'));
	const { logs: queueLogs } = await queueModeScenario({
		host,
		tarball,
		double,
		record,
		assert,
		equal,
		JWT,
		example: exampleAsIs,
		n8n: {
			prepareUserFolder,
			startN8n,
			spawnN8n,
			runN8n: n8n,
			stopChild,
			freePort,
			parseExecutionData: (data) => flatted.parse(data),
		},
	});
	logs.push(...queueLogs);
	record(host, "queue mode: no JWT in the main's or the workers' logs", () => {
		assert(queueLogs.join('\n').includes('Worker started execution'), 'the worker logs were not captured');
		assert(!queueLogs.join('\n').includes(JWT), 'the JWT is in a queue-mode log');
	});
	double.configure({ latencyMs: 0, rateLimit: undefined });
}

/** `n8n start`, the owner set up, then the REST API lists the installed node types. */
async function registrationScenario(host, run, userFolder, logs) {
	const server = await startN8n(host, userFolder, logs);
	try {
		const types = await server.get('/types/nodes.json');
		record(host, 'registers the node and its AI-agent tool (contactSwingTool)', () => {
			const names = types.map((type) => type.name);
			assert(names.includes(NODE_TYPE), `${NODE_TYPE} missing`);
			assert(names.includes(`${NODE_TYPE}Tool`), `${NODE_TYPE}Tool missing`);
			const tool = types.find((type) => type.name === `${NODE_TYPE}Tool`);
			assert(/ContactSwing/.test(tool.displayName), `tool display name ${tool.displayName}`);
		});
		await credentialTestScenario(host, run, server);
		await redeliveryScenario(host, run, server);
		if (host.browser && process.env.E2E_BROWSER !== 'off') {
			const { browserCheck } = require('./browser');
			try {
				await browserCheck({ host, server, record, assert, double: run.double, workflowId: 'e2eForm0000001' });
			} catch (error) {
				record(host, 'browser: the editor check ran to the end', () => {
					throw error;
				});
			}
		}
	} finally {
		await server.stop();
	}
}

/**
 * The credential's Test button, through the editor's endpoint: the node's Base URL rules apply.
 * A plain-http host that is not 127.0.0.1 or localhost (here 127.0.0.2, with a listener that counts
 * connections) is refused before anything is sent; a pasted /v2 path is trimmed as the node trims it.
 */
async function credentialTestScenario(host, { double }, server) {
	const net = require('node:net');
	let connections = 0;
	const listener = net.createServer((socket) => {
		connections++;
		socket.destroy();
	});
	await new Promise((resolve) => listener.listen(0, '127.0.0.2', resolve));
	const plainHttp = `http://127.0.0.2:${listener.address().port}`;
	const test = async (baseUrl) =>
		(
			await server.post('/rest/credentials/test', {
				credentials: { id: 'cs-e2e', name: 'ContactSwing e2e', type: 'contactSwingApi', data: { token: JWT, baseUrl } },
			})
		).data;
	try {
		const refused = await test(plainHttp);
		if (process.env.E2E_VERBOSE)
			process.stdout.write(`    credential Test of ${plainHttp}: ${JSON.stringify(refused)}\n`);
		double.reset();
		const pasted = await test(`${double.url}/v2/`);
		record(
			host,
			'credential Test: plain http off this machine is refused before sending; a pasted /v2 is trimmed',
			() => {
				equal(refused.status, 'Error', `Test of ${plainHttp}`);
				assert(
					refused.message.startsWith(`The credential's Base URL must use https:// (got ${plainHttp})`),
					`refusal message: ${refused.message}`,
				);
				equal(connections, 0, 'connections to the plain-http host');
				assert(!JSON.stringify(refused).includes(JWT), 'the JWT is in the Test answer');
				equal(pasted, { status: 'OK', message: pasted.message }, 'Test of the double with /v2/');
				equal(
					double.state.requests.map((r) => [r.method, r.path, r.authorization]),
					[['GET', '/v2/_actions', `Bearer ${JWT}`]],
					'requests of the Test',
				);
			},
		);
	} finally {
		await new Promise((resolve) => listener.close(resolve));
	}
}

/**
 * The CRM example, active, called on its production webhook URL as a CRM would: re-deliveries of
 * one event, different customers, and the same event twice at the same moment.
 */
async function redeliveryScenario(host, { double }, server) {
	const deliver = async (customerId, company) => {
		const response = await fetch(`${server.base}/webhook/crm-new-customer`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				event: 'customer.created',
				customer: {
					id: customerId,
					company,
					owner: 'Ada',
					whatsapp_phone_number_id: '650175178190172',
					contactswing_action_ids: 'act-001',
				},
			}),
		});
		assert(response.ok, `webhook answered ${response.status}`);
	};
	const created = (company) => double.state.assistants.filter((a) => a.name === `${company} – WhatsApp`).length;
	double.reset();

	await deliver('cus_1', 'Repeat Ltd');
	await finishedExecutions(server, 1);
	await deliver('cus_1', 'Repeat Ltd');
	const sequential = await finishedExecutions(server, 2);
	record(host, 'the same CRM event twice in a row: one agent, and the second execution ends cleanly', () => {
		equal(created('Repeat Ltd'), 1, 'agents for the re-delivered event');
		equal(
			sequential.map((execution) => execution.status),
			['success', 'success'],
			'execution statuses',
		);
	});

	await deliver('cus_2', 'Second Customer Inc');
	await deliver('cus_3', 'Third Customer Inc');
	await finishedExecutions(server, 4);
	record(host, 'two different customers: two agents', () => {
		equal([created('Second Customer Inc'), created('Third Customer Inc')], [1, 1], 'agents');
	});

	// The same event delivered twice at the same moment, several times over: measured, not assumed.
	const pairs = 10;
	for (let pair = 0; pair < pairs; pair++)
		await Promise.all([deliver(`cus_c${pair}`, `Concurrent ${pair}`), deliver(`cus_c${pair}`, `Concurrent ${pair}`)]);
	const all = await finishedExecutions(server, 4 + 2 * pairs);
	const counts = Array.from({ length: pairs }, (_, pair) => created(`Concurrent ${pair}`));
	const twice = counts.filter((count) => count === 2).length;
	process.stdout.write(
		`    ${host.name}: ${pairs} pairs of simultaneous re-deliveries → ${pairs - twice} created once, ${twice} created twice\n`,
	);
	record(host, `the same event twice at the same moment (${pairs} pairs): ${twice} of ${pairs} created twice`, () => {
		assert(
			counts.every((count) => count === 1 || count === 2),
			`agents per pair: ${counts.join(', ')}`,
		);
		assert(
			all.every((execution) => execution.status === 'success'),
			`statuses: ${all.map((e) => e.status).join(', ')}`,
		);
		equal(double.state.violations, [], 'contract violations');
	});
}

/** Waits until the CRM workflow has `count` executions, all finished; returns them oldest first. */
async function finishedExecutions(server, count) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: DEDUPE_WORKFLOW }));
		const { data } = await server.get(`/rest/executions?filter=${filter}&limit=100`);
		const executions = data.results.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		if (executions.length >= count) return executions.sort((a, b) => Number(a.id) - Number(b.id));
		assert(
			Date.now() < deadline,
			`${executions.length} of ${count} executions finished: ${JSON.stringify(data.results.map((e) => e.status))}`,
		);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function startN8n(host, userFolder, logs, env = {}) {
	const port = await freePort();
	const { child, output } = await spawnN8n(host, userFolder, ['start'], { N8N_PORT: String(port), ...env });
	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		const ready = await fetch(`${base}/healthz/readiness`).then(
			(r) => r.ok,
			() => false,
		);
		if (ready) break;
		if (child.exitCode !== null || Date.now() > deadline)
			throw new Error(`n8n start did not become ready:\n${output().slice(-3000)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const owner = { email: 'owner@contactswing.test', firstName: 'Ada', lastName: 'Owner', password: 'E2e-Password-1' };
	// n8n 1.x reports ready a moment before its REST routes are mounted: retry a 404 for a while.
	let setup;
	for (let attempt = 0; attempt < 60; attempt++) {
		setup = await fetch(`${base}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		if (setup.status !== 404) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	assert(setup.ok, `owner setup failed: ${setup.status} ${(await setup.text()).slice(0, 300)}`);
	const login = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
	});
	assert(login.ok, `login failed: ${login.status} ${await login.text()}`);
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	return {
		base,
		owner,
		cookie,
		async get(urlPath) {
			const response = await fetch(`${base}${urlPath}`, { headers: { cookie } });
			assert(response.ok, `GET ${urlPath}: ${response.status}`);
			return await response.json();
		},
		async post(urlPath, body) {
			const response = await fetch(`${base}${urlPath}`, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			const text = await response.text();
			assert(response.ok, `POST ${urlPath}: ${response.status} ${text.slice(0, 300)}`);
			return JSON.parse(text);
		},
		async stop() {
			logs.push(`$ n8n start\n${output()}`);
			await stopChild(child);
		},
	};
}

async function main() {
	const started = Date.now();
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	const { packDir, tarball } = packProject(ROOT);
	const double = await createContactSwingDouble({ token: JWT }).start();
	const model = createScriptedModel();
	await model.start();
	const userFolders = [];
	try {
		for (const host of HOSTS.filter((h) => !only || only.some((name) => h.name.includes(name)))) {
			if (!fs.existsSync(n8nBin(host))) {
				results.push({ name: `${host.name}: host installed`, ok: false });
				process.stdout.write(`  ✗ ${host.name}: not installed; run e2e/install-hosts.sh\n`);
				continue;
			}
			process.stdout.write(`\n${host.name}\n`);
			await headlessScenarios(host, { tarball, double, model, userFolders });
		}
	} finally {
		await Promise.all([...children].map(stopChild));
		await double.stop();
		await model.stop();
		if (process.env.E2E_KEEP) process.stdout.write(`kept: ${userFolders.join(' ')}\n`);
		else for (const folder of [...userFolders, packDir]) fs.rmSync(folder, { recursive: true, force: true });
	}
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	process.stdout.write(
		`\ne2e took ${Math.round((Date.now() - started) / 1000)} s\ne2e: ${passed} passed, ${failed} failed\n`,
	);
	process.exitCode = failed || results.length === 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		await Promise.all([...children].map(stopChild));
		process.exit(130);
	});
}

main().catch(async (error) => {
	process.stdout.write(`e2e crashed: ${error.stack}\n`);
	await Promise.all([...children].map(stopChild));
	process.stdout.write(
		`e2e: ${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed\n`,
	);
	process.exit(1);
});
