'use strict';
/**
 * A local ContactSwing API double: a real HTTP server on 127.0.0.1 that enforces the documented
 * contract (../../../shared/contactswing-api.md), answers like the FastAPI service does, and records
 * every request it receives. Used by the engine tests, the demo, the end-to-end runs and the bench.
 *
 * Run it alone: `node test/double/server.js [--port 4010] [--token T]`; it prints its URL.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');

const ASSISTANT_TYPES = ['VOICE_INCOMING', 'CHAT', 'SMS', 'WHATSAPP', 'EMAIL'];

/** The documented request body of POST /v2/_new_assistants, per channel: field → check. */
const isString = (v) => typeof v === 'string';
const isNonEmptyString = (v) => typeof v === 'string' && v.trim() !== '';
const isPositiveInt = (v) => Number.isInteger(v) && v > 0;
const isStringArray = (v) => Array.isArray(v) && v.every(isNonEmptyString);
const isPrompts = (v) => isPlainObject(v) && Object.keys(v).length > 0 &&
	Object.entries(v).every(([k, x]) => ['agent', 'goal'].includes(k) && isString(x));

const COMMON_FIELDS = {
	name: { required: true, check: isNonEmptyString, expect: 'a non-empty string' },
	type: { required: true, check: (v) => ASSISTANT_TYPES.includes(v), expect: `one of ${ASSISTANT_TYPES.join(', ')}` },
	model: { required: true, check: isNonEmptyString, expect: 'a non-empty string' },
	instructions: { required: true, check: isNonEmptyString, expect: 'a non-empty string' },
	prompts: { check: isPrompts, expect: 'an object with string agent/goal' },
	kb_id: { check: isNonEmptyString, expect: 'a non-empty string' },
	action_ids: { check: isStringArray, expect: 'an array of id strings' },
};

const CHANNEL_FIELDS = {
	WHATSAPP: {
		phone_number: { required: true, check: (v) => isString(v) && /^\d+$/.test(v), expect: "Meta's phone-number ID (digits)" },
		api_keys: { check: isStringArray, expect: 'an array of strings' },
		incoming_call_greeting: { check: isNonEmptyString, expect: 'a non-empty string' },
		additional_settings: {
			check: (v) => isPlainObject(v) && Object.keys(v).length > 0 &&
				Object.entries(v).every(([k, x]) => ['idle_time', 'max_messages'].includes(k) && isPositiveInt(x)),
			expect: 'an object with positive integer idle_time (hours) / max_messages',
		},
	},
};

function isPlainObject(v) {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** FastAPI-style validation: a list of {loc, msg, type}; empty when the body honours the contract. */
function validateAssistant(body) {
	if (!isPlainObject(body)) return [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }];
	const fields = { ...COMMON_FIELDS, ...(CHANNEL_FIELDS[body.type] || {}) };
	const errors = [];
	for (const [name, rule] of Object.entries(fields)) {
		if (!(name in body)) {
			if (rule.required) errors.push({ loc: ['body', name], msg: 'Field required', type: 'missing' });
		} else if (!rule.check(body[name])) {
			errors.push({ loc: ['body', name], msg: `Input should be ${rule.expect}`, type: 'value_error' });
		}
	}
	for (const name of Object.keys(body)) {
		if (!(name in fields)) errors.push({ loc: ['body', name], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
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
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} ScriptedResponse
 */

/**
 * @param {{ token?: string, port?: number, actions?: number }} [options]
 */
function createContactSwingDouble(options = {}) {
	const state = {
		/** @type {RecordedRequest[]} */
		requests: [],
		/** @type {{ request: RecordedRequest, errors: object[] }[]} */
		violations: [],
		/** @type {{ assistant_id: string, name: string, type: string, body: any }[]} */
		assistants: [],
		/** @type {(ScriptedResponse & { when: (request: RecordedRequest) => boolean })[]} */
		faults: [],
		token: options.token ?? 'test-jwt-token',
		actions: seedActions(options.actions ?? 12),
	};

	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => handle(req, res, raw));
	});

	function send(res, status, body, headers = {}) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
			...headers,
		});
		res.end(text);
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
		const record = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization,
			contentType: req.headers['content-type'],
			body,
		};
		state.requests.push(record);

		const fault = state.faults.find((f) => f.when(record));
		if (fault) return send(res, fault.status, fault.body, fault.headers);

		if (req.headers.authorization !== `Bearer ${state.token}`) {
			return send(res, 401, { detail: 'Could not validate credentials' });
		}

		if (req.method === 'POST' && url.pathname === '/v2/_new_assistants') {
			const errors = bodyIsJson ? validateAssistant(body) : [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }];
			if (errors.length) {
				state.violations.push({ request: record, errors });
				return send(res, 400, { detail: errors });
			}
			const assistant = { assistant_id: randomUUID(), name: body.name };
			state.assistants.push({ ...assistant, type: body.type, body });
			return send(res, 201, { ctx_id: randomUUID(), data: assistant });
		}

		if (req.method === 'GET' && url.pathname === '/v2/_actions') {
			const page = Number(url.searchParams.get('page') ?? 1);
			const perPage = Number(url.searchParams.get('per_page') ?? 10);
			const total = state.actions.length;
			const totalPages = Math.max(1, Math.ceil(total / perPage));
			return send(res, 200, {
				ctx_id: randomUUID(),
				data: {
					data: state.actions.slice((page - 1) * perPage, page * perPage),
					pagination: { current_page: page, per_page: perPage, total_records: total, total_pages: totalPages, has_next: page < totalPages },
				},
				message: 'Request processed successfully',
			});
		}

		return send(res, 404, { detail: 'Not Found' });
	}

	return {
		state,
		get url() {
			const { port } = server.address();
			return `http://127.0.0.1:${port}`;
		},
		/**
		 * Answers matching requests with a scripted response instead of the contract's.
		 * @param {(request: RecordedRequest) => boolean} when
		 * @param {ScriptedResponse} response
		 */
		failWhen(when, { status, body, headers }) {
			state.faults.push({ when, status, body, headers });
		},
		reset() {
			state.actions = seedActions(options.actions ?? 12);
			state.requests.length = 0;
			state.violations.length = 0;
			state.assistants.length = 0;
			state.faults.length = 0;
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
	const double = createContactSwingDouble({ port: Number(option('port') ?? 0), token: option('token') });
	double.start().then(() => {
		process.stdout.write(`${double.url}\n`);
	});
	const stop = () => double.stop().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
