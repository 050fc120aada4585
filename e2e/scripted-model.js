'use strict';
/**
 * A scripted, OpenAI-compatible chat model for the AI-agent scenario: a real HTTP server on
 * 127.0.0.1 answering `POST /v1/chat/completions`, so n8n's OpenAI Chat Model node talks to it
 * through its credential's Base URL. No model, no network.
 *
 * It plays a model that uses ContactSwing as a tool, and it decides from what it receives:
 *  - a request whose tools include one with the expected arguments, and no tool result yet:
 *    it calls that tool with values read from the user's message (the shop's name and its
 *    WhatsApp phone-number ID);
 *  - a request that carries the tool's result: it answers in words, quoting the `assistant_id`
 *    it found there, or the error it found there;
 *  - anything else (no such tool, another schema): it answers `NO_CONTACTSWING_TOOL`, which the
 *    test fails on.
 * With a call tool behind n8n's human review (the human-review example: n8n wraps its arguments in
 * `toolParameters`), once the agent is created it calls the number in the user's message, then
 * answers with what came back: the call, or that it was declined.
 * Every request is recorded. Streaming requests get the same answers as server-sent events.
 */
const http = require('node:http');

/** The arguments the ContactSwing tool must take, as its `$fromAI()` keys name them. */
const TOOL_ARGUMENTS = ['agent_name', 'instructions', 'whatsapp_phone_number_id'];

function findTool(tools = []) {
	return tools.find((tool) => {
		const properties = Object.keys(tool.function?.parameters?.properties ?? {}).sort();
		return JSON.stringify(properties) === JSON.stringify(TOOL_ARGUMENTS);
	});
}

function textOf(message) {
	if (typeof message?.content === 'string') return message.content;
	if (Array.isArray(message?.content)) return message.content.map((part) => part.text ?? '').join('');
	return '';
}

/** A Start Call tool behind n8n's human review: its own arguments are under `toolParameters`. */
function findGatedCall(tools = []) {
	return tools.find((tool) => tool.function?.parameters?.properties?.toolParameters?.properties?.phone_number);
}

/** The human-review turns: after the create, the gated call; after the call (or its refusal), words. */
function reviewTurn(request, messages, toolResult) {
	const callTool = findGatedCall(request.tools);
	if (!callTool || !toolResult) return undefined;
	const named = (message) => message.tool_calls?.some((call) => call.function.name === callTool.function.name);
	if (messages.some(named)) {
		const result = textOf(toolResult);
		return {
			content: /rejected|declined/i.test(result)
				? `The call was declined, so I did not place it. (${result})`
				: `The call is on its way. ContactSwing said: ${result}`,
		};
	}
	const user = textOf(messages.find((message) => message.role === 'user'));
	const phone = /\+\d{8,15}\b/.exec(user)?.[0];
	const shop = /I run ([A-Z][\w' ]+?) in /.exec(user)?.[1];
	if (!phone) return { content: 'NO_PHONE_NUMBER' };
	const args = { toolParameters: { phone_number: phone, customer_name: shop }, hitlParameters: {} };
	return {
		toolCall: {
			id: `call_${Date.now()}`,
			type: 'function',
			function: { name: callTool.function.name, arguments: JSON.stringify(args) },
		},
	};
}

/** What the model says next, given the conversation so far. */
function nextTurn(request) {
	const messages = request.messages ?? [];
	const toolResult = [...messages].reverse().find((message) => message.role === 'tool');
	const review = reviewTurn(request, messages, toolResult);
	if (review) return review;
	if (toolResult) {
		const result = textOf(toolResult);
		const id = /"assistant_id"\s*:\s*"([^"]+)"/.exec(result)?.[1];
		return {
			content: id
				? `Your WhatsApp agent is ready. Its assistant_id is ${id}.`
				: `I could not create the agent. ContactSwing said: ${result}`,
		};
	}
	const tool = findTool(request.tools);
	const user = textOf([...messages].reverse().find((message) => message.role === 'user'));
	const shop = /I run ([A-Z][\w' ]+?) in /.exec(user)?.[1];
	const phoneNumberId = /\b(\d{10,17})\b/.exec(user)?.[1];
	if (!tool || !shop || !phoneNumberId) return { content: 'NO_CONTACTSWING_TOOL' };
	const args = {
		agent_name: `${shop} WhatsApp Agent`,
		whatsapp_phone_number_id: phoneNumberId,
		instructions: `Take orders for ${shop} on WhatsApp and answer questions about opening hours.`,
	};
	return {
		toolCall: {
			id: `call_${Date.now()}`,
			type: 'function',
			function: { name: tool.function.name, arguments: JSON.stringify(args) },
		},
	};
}

function completion(request, turn) {
	const message = turn.toolCall
		? { role: 'assistant', content: null, tool_calls: [turn.toolCall] }
		: { role: 'assistant', content: turn.content };
	return {
		id: `chatcmpl-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		choices: [{ index: 0, message, finish_reason: turn.toolCall ? 'tool_calls' : 'stop' }],
		usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
	};
}

/** The same answer as server-sent `chat.completion.chunk` events, for clients that stream. */
function chunks(request, turn) {
	const base = {
		id: `chatcmpl-${Date.now()}`,
		object: 'chat.completion.chunk',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
	};
	const delta = turn.toolCall
		? { role: 'assistant', content: null, tool_calls: [{ index: 0, ...turn.toolCall }] }
		: { role: 'assistant', content: turn.content };
	return [
		{ ...base, choices: [{ index: 0, delta, finish_reason: null }] },
		{
			...base,
			choices: [{ index: 0, delta: {}, finish_reason: turn.toolCall ? 'tool_calls' : 'stop' }],
			usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
		},
	];
}

function createScriptedModel() {
	const requests = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				return res.end(JSON.stringify({ error: { message: `not scripted: ${req.method} ${req.url}` } }));
			}
			const request = JSON.parse(raw);
			requests.push({ authorization: req.headers.authorization, body: request });
			const turn = nextTurn(request);
			if (request.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				for (const chunk of chunks(request, turn)) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
				return res.end('data: [DONE]\n\n');
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(completion(request, turn)));
		});
	});
	return {
		requests,
		get url() {
			return `http://127.0.0.1:${server.address().port}/v1`;
		},
		start: () => new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve)),
		stop: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

module.exports = { createScriptedModel, TOOL_ARGUMENTS };
