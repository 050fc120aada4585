'use strict';
/**
 * The human-review example on n8n 2.x, driven through its Chat channel as a person would: a lead
 * writes to the production chat URL, the agent creates a WhatsApp agent at once (no review), and
 * its Start Call waits behind "Approve the call" (n8n's Chat node as a human-review tool). The
 * harness joins the chat over n8n's WebSocket, as the hosted chat does, reads the approval message
 * and opens its "Call" or "Do not call" link. Approved: exactly one `POST /v2/_call`, after the
 * click and not before. Declined: none, and the model is told the call was declined.
 * On 1.x: what n8n offers instead, from its own node list (no human-review tool at all).
 */
const path = require('node:path');

const { waitForWebhook } = require('../n8n');
const { waitFor } = require('../wait');
const { exampleAsIs } = require('../workflows');

const EXAMPLE = 'ai-agent-chat-human-review.json';
const WORKFLOW = 'e2eHumanReview1';
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

/** The example as users import it, its chat model pointed at the scripted model. */
function reviewWorkflow() {
	const workflow = exampleAsIs(EXAMPLE, WORKFLOW);
	for (const node of workflow.nodes)
		if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi')
			node.credentials = { openAiApi: { id: 'openai-e2e', name: 'OpenAI e2e' } };
	workflow.pinData = {};
	return workflow;
}

/**
 * One chat session: the lead's message on the production chat URL, then n8n's chat WebSocket for
 * what the workflow says back (n8n's own `ws`, from the host). `messages` holds every text and
 * button message received; `close` ends the session.
 */
async function chatSession(host, base, webhookId, chatInput) {
	const sessionId = `e2e-${Date.now()}-${Math.random().toString(16).slice(2)}`;
	const response = await fetch(`${base}/webhook/${webhookId}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
	});
	const started = await response.json();
	if (!started.executionId) throw new Error(`the chat did not start an execution: ${JSON.stringify(started)}`);
	const WebSocket = require(path.join(host.dir, 'node_modules/ws'));
	const query = new URLSearchParams({
		sessionId,
		executionId: started.executionId,
		isPublic: 'true',
		...(started.resumeToken ? { token: started.resumeToken } : {}),
	});
	const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/chat?${query}`);
	const messages = [];
	socket.on('message', (data) => {
		const text = data.toString('utf8');
		if (text === 'n8n|heartbeat') return socket.send('n8n|heartbeat-ack');
		if (text === 'n8n|continue') return undefined;
		try {
			messages.push(JSON.parse(text));
		} catch {
			messages.push({ text });
		}
		return undefined;
	});
	await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
	return { executionId: started.executionId, messages, close: () => socket.terminate() };
}

const calls = (double) => double.state.requests.filter((r) => r.method === 'POST' && r.path === '/v2/_call');
const creates = (double) => double.state.requests.filter((r) => r.path === '/v2/_new_assistants');

/** n8n 1.x: its node list has no human-review tool, and its Chat node cannot send and wait. */
async function onOneX({ record, assert, userFolder }) {
	const server = await (await userFolder()).start();
	try {
		const types = await server.get('/types/nodes.json');
		record('1.x: no human review for AI tool calls (no *HitlTool node; the Chat node cannot send and wait)', () => {
			const hitl = types.filter((type) => type.name.endsWith('HitlTool')).map((type) => type.name);
			assert(hitl.length === 0, `human-review tools listed: ${hitl.join(', ')}`);
			const chat = types.filter((type) => type.name === '@n8n/n8n-nodes-langchain.chat');
			assert(chat.length > 0, 'no Chat node listed');
			assert(!JSON.stringify(chat).includes('"sendAndWait"'), 'the Chat node offers Send and Wait');
		});
	} finally {
		await server.stop();
	}
}

module.exports = {
	name: "the human-review example: Start Call waits for a person's approval in the chat",
	async run(context) {
		if (!context.host.ai) return await onOneX(context);
		const { host, record, assert, equal, double, model, JWT, userFolder, verbose } = context;
		const workflow = reviewWorkflow();
		const n8n = await userFolder({ workflows: [workflow] });
		await n8n.activate(WORKFLOW);
		const server = await n8n.start();
		const webhookId = workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger').webhookId;
		const chatInput = JSON.parse(JSON.stringify(require(`../../examples/${EXAMPLE}`).pinData))[
			'When chat message received'
		][0].json.chatInput;
		try {
			await waitForWebhook(server.base, `${webhookId}/chat`);
			const status = async (id) => (await server.get(`/rest/executions/${id}`)).data.status;

			for (const decision of ['Call', 'Do not call']) {
				double.reset();
				model.requests.length = 0;
				const chat = await chatSession(host, server.base, webhookId, chatInput);
				try {
					const approval = await waitFor(
						'the approval message in the chat (a message with buttons)',
						() => chat.messages.find((message) => Array.isArray(message.buttons)),
						{ timeoutMs: 90_000, everyMs: 200, seen: () => JSON.stringify(chat.messages).slice(-500) },
					);
					const beforeClick = { creates: creates(double).length, calls: calls(double).length, at: Date.now() };
					const button = approval.buttons.find((candidate) => candidate.text === decision);
					assert(button, `no "${decision}" button: ${JSON.stringify(approval.buttons)}`);
					const clicked = await fetch(button.link, { headers: { 'user-agent': BROWSER } });
					assert(clicked.ok, `opening "${decision}" answered ${clicked.status}`);
					let last;
					await waitFor(
						'the execution to finish after the decision',
						async () => (last = await status(chat.executionId)) === 'success',
						{
							timeoutMs: 90_000,
							everyMs: 300,
							stopIf: () => ['error', 'crashed', 'canceled'].includes(last) && last,
							seen: () => last,
						},
					);
					const reply = await waitFor(
						"the agent's answer in the chat",
						() => chat.messages.find((message) => typeof message.text === 'string' && !message.buttons),
						{ timeoutMs: 15_000, everyMs: 200, seen: () => JSON.stringify(chat.messages).slice(-500) },
					);
					const toolMessages = model.requests.flatMap((request) =>
						request.body.messages.filter((message) => message.role === 'tool'),
					);
					verbose(
						`human review, ${decision}: chat ${JSON.stringify(chat.messages)}; tool results ${JSON.stringify(toolMessages)}`,
					);

					if (decision === 'Call') {
						record(
							'human review, approved: the agent is created at once; the call waits for the click, then exactly one POST /v2/_call',
							() => {
								equal(beforeClick, { ...beforeClick, creates: 1, calls: 0 }, 'before the click: one create, no call');
								assert(
									/\+13465842882/.test(approval.text),
									`the approval message does not show the call: ${approval.text}`,
								);
								const sent = calls(double);
								equal(sent.length, 1, 'calls placed');
								assert(sent[0].receivedAt >= beforeClick.at, 'the call reached ContactSwing before the approval');
								equal(sent[0].body.phone_number, '+13465842882', 'the number called');
								equal(sent[0].authorization, `Bearer ${JWT}`, 'the call is signed');
								assert(/The call is on its way/.test(reply.text), `the answer in the chat: ${reply.text}`);
								equal(double.state.violations, [], 'contract violations');
							},
						);
					} else {
						record(
							'human review, declined: no POST /v2/_call ever, and the model is told the call was declined',
							() => {
								equal(beforeClick, { ...beforeClick, creates: 1, calls: 0 }, 'before the click: one create, no call');
								equal(calls(double).length, 0, 'calls placed');
								assert(
									toolMessages.some((message) =>
										/rejected the tool call to Call the lead/.test(JSON.stringify(message.content)),
									),
									`the model was not told: ${JSON.stringify(toolMessages)}`,
								);
								assert(/declined/.test(reply.text), `the answer in the chat: ${reply.text}`);
							},
						);
					}
				} finally {
					chat.close();
				}
			}
		} finally {
			await server.stop();
		}
	},
};
