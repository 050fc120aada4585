'use strict';
/**
 * A local ContactSwing API double: a real HTTP server on 127.0.0.1 that enforces the documented
 * contract (../../../shared/contactswing-api.md), answers like the FastAPI service does, and records
 * every request it receives. Used by the engine tests, the demo, the end-to-end runs and the bench.
 *
 * Run it alone: `node test/double/server.js [--port 4010] [--token T] [--latency 100] [--rate-limit 10/1000]`
 * (at most 10 requests per 1000 ms, then 429 with Retry-After); it prints its URL.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');


// Leaf rules of the documented contract: a check and what the error says was expected.
const rule = (check, expect) => ({ check, expect });
const isString = (v) => typeof v === 'string';
const isNonEmptyString = (v) => typeof v === 'string' && v.trim() !== '';
const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = rule(isNonEmptyString, 'a non-empty string');
const integer = rule((v) => Number.isInteger(v) && v > 0, 'a positive integer');
const number = rule((v) => typeof v === 'number' && Number.isFinite(v), 'a number');
const bool = rule((v) => typeof v === 'boolean', 'a boolean');
const idList = rule((v) => Array.isArray(v) && v.length > 0 && v.every(isNonEmptyString), 'a non-empty array of id strings');
const e164 = rule((v) => isString(v) && /^\+[1-9]\d{6,14}$/.test(v), 'an E.164 phone number');
const anyObject = rule((v) => isPlainObject(v) && Object.keys(v).length > 0, 'a non-empty object');
const apiKeyRows = (type) =>
	rule(
		(v) => Array.isArray(v) && v.length > 0 &&
			v.every((row) => isPlainObject(row) && Number.isInteger(row.api_key_id) && row.api_key_id > 0 && isNonEmptyString(row.type) &&
				Object.keys(row).every((k) => ['api_key_id', 'type'].includes(k))),
		`a non-empty array of {api_key_id: integer, type} (type ${type} on this channel)`,
	);

/** An object shape: `fields` are its documented keys; `open` objects may hold undocumented keys too. */
const shape = (fields, { open = false } = {}) => ({ fields, open });

const prompts = shape({ agent: text, goal: text });

/** POST /v2/_new_assistants, per channel, as the newest docs page of each channel shows it. */
const ASSISTANT_CONTRACT = {
	WHATSAPP: {
		required: ['phone_number'],
		fields: {
			phone_number: rule((v) => isString(v) && /^\d+$/.test(v), "Meta's phone-number ID (digits)"),
			api_keys: idList,
			action_ids: idList,
			incoming_call_greeting: text,
			additional_settings: shape({ idle_time: integer, max_messages: integer }),
		},
	},
	CHAT: {
		required: [],
		fields: {
			api_keys: idList,
			action_ids: idList,
			additional_settings: shape({
				ChatbotCustomization: shape(Object.fromEntries(
					['brandName', 'logoUrl', 'greetingText', 'tagline', 'initialMessage', 'finalCloseMessage', 'checkInMessage'].map((k) => [k, text]),
				)),
			}),
		},
	},
	SMS: {
		required: ['sms_type', 'api_keys'],
		query: { force: rule((v) => v === 'true' || v === 'false', 'true or false') },
		fields: {
			sms_type: text,
			api_keys: apiKeyRows('SMS'),
			phone_number: e164,
			action_ids: idList,
			additional_settings: shape({ idle_time: integer, max_messages: integer }),
		},
	},
	EMAIL: {
		required: [],
		fields: { gen_ai_response: text, email_setup: text, labels: text, action_ids: idList },
	},
	VOICE_INCOMING: {
		required: [],
		query: { force: rule((v) => v === 'true' || v === 'false', 'true or false') },
		fields: {
			api_keys: apiKeyRows('MODEL'),
			phone_number: e164,
			incoming_call_greeting: text,
			outgoing_call_greeting: text,
			synthesizer: text,
			voice_id: text,
			language: text,
			enable_recordings: bool,
			action_ids: idList,
			behaviour: shape({
				speed: text,
				emotions: shape({ anger: text, curiosity: text, positivity: text, surprise: text, sadness: text }),
			}),
			// The docs page is cut off inside `Agent`, so undocumented keys are let through there.
			additional_settings: shape({
				Synthesizer: shape({
					Azure: shape({ voice_name: text, rate: text, language_code: text }),
					Cartesia: shape({ speed: text, emotion: anyObject }),
					ElevenLabs: shape({ stability: text, style_exaggeration: text, similarity: text, optimize_latency: text }),
				}),
				Transcriber: shape({ Deepgram: shape({ language: text, keywords: idList }) }),
				Agent: shape({
					OpenAI: shape({ temperature: number, max_tokens: integer, backchannel_probability: number }),
					model: text,
					temperature: number,
					max_tokens: integer,
					allow_incoming_messages: bool,
					time_zone: text,
					initial_message: text,
					initial_message_delay: rule((v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0'),
					interrupt_sensitivity: text,
				}, { open: true }),
			}),
		},
	},
};

const COMMON = {
	required: ['name', 'type', 'model', 'instructions'],
	fields: {
		name: text,
		type: rule((v) => v in ASSISTANT_CONTRACT, `one of ${Object.keys(ASSISTANT_CONTRACT).join(', ')}`),
		model: text,
		instructions: text,
		prompts,
		kb_id: text,
	},
};

/** Checks a value against a rule or a shape, adding FastAPI-style {loc, msg, type} errors. */
function check(value, spec, loc, errors) {
	if (spec.check) {
		if (!spec.check(value)) errors.push({ loc, msg: `Input should be ${spec.expect}`, type: 'value_error' });
		return;
	}
	if (!isPlainObject(value) || Object.keys(value).length === 0) {
		errors.push({ loc, msg: 'Input should be a non-empty object', type: 'dict_type' });
		return;
	}
	for (const [key, item] of Object.entries(value)) {
		if (key in spec.fields) check(item, spec.fields[key], [...loc, key], errors);
		else if (!spec.open) errors.push({ loc: [...loc, key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
	}
}

/** FastAPI-style validation: a list of {loc, msg, type}; empty when the request honours the contract. */
function validateAssistant(body, query = {}) {
	if (!isPlainObject(body)) return [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }];
	const channel = ASSISTANT_CONTRACT[body.type] ?? { required: [], fields: {} };
	const errors = [];
	for (const name of [...COMMON.required, ...channel.required]) {
		if (!(name in body)) errors.push({ loc: ['body', name], msg: 'Field required', type: 'missing' });
	}
	check(body, shape({ ...COMMON.fields, ...channel.fields }), ['body'], errors);
	for (const [name, value] of Object.entries(query)) {
		const spec = channel.query?.[name];
		if (!spec) errors.push({ loc: ['query', name], msg: 'Unknown query parameter', type: 'extra_forbidden' });
		else if (!spec.check(value)) errors.push({ loc: ['query', name], msg: `Input should be ${spec.expect}`, type: 'value_error' });
	}
	return errors;
}

function seedActions(count) {
	const types = ['WEBHOOK', 'SEND_SMS', 'SEND_WHATSAPP', 'APPOINTMENT'];
	return Array.from({ length: count }, (_, i) => ({
		id: `act-${String(i + 1).padStart(3, '0')}`,
		name: `Action ${i + 1}`,
		type: types[i % types.length],
		is_active: true,
	}));
}

/**
 * @typedef {{ method: string, path: string, query: Record<string, string>, authorization?: string,
 *   contentType?: string, body: any }} RecordedRequest
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} Reply
 * @typedef {Partial<Reply> & {
 *   kind?: 'reply' | 'reset-before' | 'reset-after' | 'slow' | 'raw',
 *   raw?: string, delayMs?: number, times?: number }} Fault
 *   reply: answer with status/body/headers instead of the contract's;
 *   raw: answer `status` with the bytes of `raw` as application/json (malformed JSON);
 *   reset-before: drop the connection without processing the request;
 *   reset-after: process the request (an agent is created), then drop the connection;
 *   slow: process and answer as usual (after delayMs, which delays any fault's answer);
 *   times: how many matching requests the fault applies to (default: all).
 */

/**
 * @param {{ token?: string, port?: number, actions?: number, latencyMs?: number,
 *   rateLimit?: { limit: number, windowMs: number } }} [options]
 */
function createContactSwingDouble(options = {}) {
	const state = {
		/** @type {RecordedRequest[]} */
		requests: [],
		/** @type {{ request: RecordedRequest, errors: object[] }[]} */
		violations: [],
		/** @type {{ assistant_id: string, name: string, type: string, body: any }[]} */
		assistants: [],
		/** @type {(Fault & { when: (request: RecordedRequest) => boolean })[]} */
		faults: [],
		/** Requests answered 429 by the rate limiter. */
		rateLimited: 0,
		token: options.token ?? 'test-jwt-token',
		actions: seedActions(options.actions ?? 12),
		latencyMs: options.latencyMs ?? 0,
		rateLimit: options.rateLimit,
		window: { start: 0, count: 0 },
		inFlight: 0,
		maxInFlight: 0,
	};

	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			state.inFlight++;
			state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
			res.on('close', () => state.inFlight--);
			handle(req, res, raw);
		});
	});

	function send(res, { status, body, headers = {} }) {
		const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
			...headers,
		});
		res.end(text);
	}

	/** A fixed window: `limit` requests per `windowMs`; past that, 429 with Retry-After in whole seconds. */
	function rateLimitReply() {
		if (!state.rateLimit) return undefined;
		const now = Date.now();
		const { limit, windowMs } = state.rateLimit;
		if (now - state.window.start >= windowMs) state.window = { start: now, count: 0 };
		if (++state.window.count <= limit) return undefined;
		state.rateLimited++;
		const retryAfter = Math.max(1, Math.ceil((state.window.start + windowMs - now) / 1000));
		return { status: 429, body: { detail: 'Rate limit exceeded' }, headers: { 'retry-after': String(retryAfter) } };
	}

	function handle(req, res, raw) {
		const url = new URL(req.url, 'http://127.0.0.1');
		let body;
		let bodyIsJson = true;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			bodyIsJson = false;
			body = raw;
		}
		/** @type {RecordedRequest} */
		const record = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization,
			contentType: req.headers['content-type'],
			body,
		};
		state.requests.push(record);

		const fault = state.faults.find((f) => (f.times === undefined || f.times > 0) && f.when(record));
		if (fault && fault.times !== undefined) fault.times--;
		const kind = fault ? fault.kind ?? (fault.raw !== undefined ? 'raw' : 'reply') : undefined;
		if (kind === 'reset-before') return req.socket.destroy();

		const delay = state.latencyMs + (fault?.delayMs ?? 0);
		setTimeout(() => {
			if (kind === 'reply') return res.destroyed || send(res, fault);
			if (kind === 'raw') {
				res.writeHead(fault.status, { 'content-type': 'application/json' });
				return res.end(fault.raw);
			}
			// Like a real server, the request is processed even when the client has given up waiting.
			const reply = rateLimitReply() ?? route(req, url, record, bodyIsJson);
			if (kind === 'reset-after') return req.socket.destroy();
			if (!res.destroyed) send(res, reply);
		}, delay);
	}

	/** The documented endpoints, and the double's own statistics for processes that cannot read `state`. */
	function route(req, url, record, bodyIsJson) {
		if (url.pathname === '/__double/stats') {
			const { requests, assistants, violations, rateLimited, maxInFlight } = state;
			return { status: 200, body: { requests: requests.length - 1, assistants: assistants.length, violations: violations.length, rateLimited, maxInFlight } };
		}
		if (req.headers.authorization !== `Bearer ${state.token}`) {
			return { status: 401, body: { detail: 'Could not validate credentials' } };
		}
		const { body } = record;

		if (req.method === 'POST' && url.pathname === '/v2/_new_assistants') {
			const errors = bodyIsJson ? validateAssistant(body, record.query) : [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }];
			if (errors.length) {
				state.violations.push({ request: record, errors });
				return { status: 400, body: { detail: errors } };
			}
			const assistant = { assistant_id: randomUUID(), name: body.name };
			state.assistants.push({ ...assistant, type: body.type, body });
			return { status: 201, body: { ctx_id: randomUUID(), data: assistant } };
		}

		if (req.method === 'GET' && url.pathname === '/v2/_actions') {
			const page = Number(url.searchParams.get('page') ?? 1);
			const perPage = Number(url.searchParams.get('per_page') ?? 10);
			const total = state.actions.length;
			const totalPages = Math.max(1, Math.ceil(total / perPage));
			return {
				status: 200,
				body: {
					ctx_id: randomUUID(),
					data: {
						data: state.actions.slice((page - 1) * perPage, page * perPage),
						pagination: { current_page: page, per_page: perPage, total_records: total, total_pages: totalPages, has_next: page < totalPages },
					},
					message: 'Request processed successfully',
				},
			};
		}

		return { status: 404, body: { detail: 'Not Found' } };
	}

	return {
		state,
		get url() {
			const { port } = server.address();
			return `http://127.0.0.1:${port}`;
		},
		/**
		 * Answers matching requests with a scripted fault instead of the contract's answer.
		 * @param {(request: RecordedRequest) => boolean} when
		 * @param {Fault} fault
		 */
		failWhen(when, fault) {
			state.faults.push({ ...fault, when });
		},
		/** @param {{ latencyMs?: number, rateLimit?: { limit: number, windowMs: number } }} settings */
		configure(settings) {
			Object.assign(state, settings);
		},
		/** How many times each assistant name was created: a name created twice is a duplicate. */
		duplicateCreates() {
			const counts = new Map();
			for (const { name } of state.assistants) counts.set(name, (counts.get(name) ?? 0) + 1);
			return [...counts].filter(([, count]) => count > 1).map(([name]) => name);
		},
		reset() {
			state.actions = seedActions(options.actions ?? 12);
			state.requests.length = 0;
			state.violations.length = 0;
			state.assistants.length = 0;
			state.faults.length = 0;
			state.rateLimited = 0;
			state.latencyMs = options.latencyMs ?? 0;
			state.rateLimit = options.rateLimit;
			state.window = { start: 0, count: 0 };
			state.maxInFlight = 0;
		},
		start(port = options.port ?? 0) {
			return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(this)));
		},
		stop() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			});
		},
	};
}

module.exports = { createContactSwingDouble, validateAssistant };

if (require.main === module) {
	const args = process.argv.slice(2);
	const option = (name) => {
		const index = args.indexOf(`--${name}`);
		return index >= 0 ? args[index + 1] : undefined;
	};
	const [limit, windowMs] = (option('rate-limit') ?? '').split('/').map(Number);
	const double = createContactSwingDouble({
		port: Number(option('port') ?? 0),
		token: option('token'),
		latencyMs: Number(option('latency') ?? 0),
		rateLimit: limit ? { limit, windowMs: windowMs || 1000 } : undefined,
	});
	double.start().then(() => process.stdout.write(`${double.url}\n`));
	const stop = () => double.stop().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
