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
const idList = rule(
	(v) => Array.isArray(v) && v.length > 0 && v.every(isNonEmptyString),
	'a non-empty array of id strings',
);
const e164 = rule((v) => isString(v) && /^\+[1-9]\d{6,14}$/.test(v), 'an E.164 phone number');
const anyObject = rule((v) => isPlainObject(v) && Object.keys(v).length > 0, 'a non-empty object');
const apiKeyRows = (type) =>
	rule(
		(v) =>
			Array.isArray(v) &&
			v.length > 0 &&
			v.every(
				(row) =>
					isPlainObject(row) &&
					Number.isInteger(row.api_key_id) &&
					row.api_key_id > 0 &&
					isNonEmptyString(row.type) &&
					Object.keys(row).every((k) => ['api_key_id', 'type'].includes(k)),
			),
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
				ChatbotCustomization: shape(
					Object.fromEntries(
						[
							'brandName',
							'logoUrl',
							'greetingText',
							'tagline',
							'initialMessage',
							'finalCloseMessage',
							'checkInMessage',
						].map((k) => [k, text]),
					),
				),
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
				Agent: shape(
					{
						OpenAI: shape({ temperature: number, max_tokens: integer, backchannel_probability: number }),
						model: text,
						temperature: number,
						max_tokens: integer,
						allow_incoming_messages: bool,
						time_zone: text,
						initial_message: text,
						initial_message_delay: rule((v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0'),
						interrupt_sensitivity: text,
					},
					{ open: true },
				),
			}),
		},
	},
};

const stringList = rule((v) => Array.isArray(v) && v.every(isNonEmptyString), 'an array of strings');
const e164List = rule(
	(v) => Array.isArray(v) && v.length > 0 && v.every((x) => e164.check(x)),
	'a non-empty array of E.164 numbers',
);
const digits = rule((v) => isString(v) && /^\d{6,15}$/.test(v), 'a phone number of digits (no +)');
const hhmm = rule((v) => isString(v) && /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'a time as HH:MM');
const iso = rule((v) => isString(v) && !Number.isNaN(Date.parse(v)), 'an ISO 8601 date-time');
const email = rule((v) => isString(v) && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'an email address');
const hour = rule((v) => Number.isInteger(v) && v >= 0 && v <= 23, 'an hour from 0 to 23');
const timing = rule((v) => ['DURING', 'BEFORE', 'AFTER', 'during'].includes(v), 'DURING, BEFORE or AFTER');

/** POST /v2/_actions, per type, as the newest page of each type shows it. */
const ACTION_CONTRACT = {
	WEBHOOK: {
		required: ['description', 'webhook.url', 'webhook.method'],
		fields: {
			webhook: shape({
				url: text,
				method: text,
				mandatory: bool,
				headers: anyObject,
				body: rule((v) => Array.isArray(v) && v.length > 0, 'a non-empty array'),
				static_body: text,
				required: stringList,
				response: shape({ prompt: text }),
				run_before_call: bool,
				type: text,
			}),
		},
	},
	SINGLEDATAEXTRACTION: {
		required: ['webhook'],
		fields: {
			webhook: shape({
				mandatory: bool,
				name: text,
				description: text,
				type: text,
				sync_data: bool,
				sync_module: text,
				sync_field: text,
			}),
		},
	},
	SEND_SMS: {
		required: ['description', 'sms.to.value'],
		fields: {
			webhook: shape({ mandatory: bool }),
			// The page's example is an empty list: the person on the conversation.
			sms: shape({
				to: shape({
					value: rule((v) => Array.isArray(v) && v.every((x) => e164.check(x)), 'an array of E.164 numbers'),
				}),
				provider: text,
				from: e164,
				cc: e164List,
				body: shape({ value: text }),
				response_message_context: text,
			}),
		},
	},
	SEND_WHATSAPP: {
		required: ['description', 'webhook.to', 'webhook.from', 'webhook.template_name'],
		fields: {
			is_active: bool,
			phone_number: text,
			webhook: shape({
				to: digits,
				from: text,
				template_name: text,
				body_params: stringList,
				header_params: stringList,
				button_params: stringList,
				language_code: text,
				mandatory: bool,
			}),
		},
	},
	CALL_TRANSFER: {
		required: ['description', 'phone_number'],
		fields: { phone_number: digits, webhook: shape({ extension_enabled: bool }), speech: text, runBeforeCall: bool },
	},
	DTMF_ACTION: {
		required: ['description', 'webhook.description'],
		fields: { webhook: shape({ mandatory: bool, description: text }) },
	},
	LABOREDGE: {
		required: ['description', 'webhook', 'webhook.type'],
		fields: { webhook: shape({ type: text, mandatory: bool }) },
	},
	APPOINTMENT: {
		required: ['description', 'webhook.email', 'webhook.type', 'webhook.user_id'],
		fields: {
			webhook: shape({
				email,
				type: rule((v) => ['google', 'outlook'].includes(v), 'google or outlook'),
				user_id: rule((v) => isString(v) && /^[0-9a-f-]{36}$/i.test(v), 'a UUID'),
				mandatory: bool,
				timezone: text,
				buffer_time: rule((v) => Number.isInteger(v) && v >= 0, 'minutes ≥ 0'),
				booking_timings: rule(
					(v) =>
						isPlainObject(v) &&
						Object.entries(v).every(
							([day, t]) =>
								['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].includes(day) &&
								hhmm.check(t.start_time) &&
								hhmm.check(t.end_time),
						),
					'weekday → {start_time, end_time} as HH:MM',
				),
				round_robin_emails: rule((v) => Array.isArray(v) && v.every(email.check), 'an array of email addresses'),
			}),
		},
	},
};

function validateAction(body) {
	if (!isPlainObject(body)) return [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }];
	const contract = ACTION_CONTRACT[body.type];
	if (!contract)
		return [
			{ loc: ['body', 'type'], msg: `Input should be one of ${Object.keys(ACTION_CONTRACT).join(', ')}`, type: 'enum' },
		];
	const errors = [];
	for (const path of ['name', 'action_timing', ...contract.required]) {
		if (path.split('.').reduce((node, key) => (isPlainObject(node) ? node[key] : undefined), body) === undefined) {
			errors.push({ loc: ['body', ...path.split('.')], msg: 'Field required', type: 'missing' });
		}
	}
	check(
		body,
		shape({ name: text, description: text, action_timing: timing, type: text, ...contract.fields }),
		['body'],
		errors,
	);
	return errors;
}

const campaignCommon = {
	name: text,
	type: text,
	company_plan_id: text,
	workspace_id: text,
	business_goal: text,
};
const touchpointCommon = {
	name: text,
	type: text,
	status: text,
	start_at: iso,
	assistant_id: rule((v) => Number.isInteger(v) && v > 0, 'an integer'),
};
/** Where each campaign page says its channel is created (configurable: a server may move one). */
const CAMPAIGN_PATHS = {
	EMAIL: '/v2/_campaign/create_with_touchpoint',
	WHATSAPP: '/v2/campaign/create_with_touchpoint',
};

/** The two campaign pages: each channel's touchpoint fields. */
const CAMPAIGN_CONTRACT = {
	EMAIL: {
		touchpoint: shape({
			...touchpointCommon,
			customer_details: rule(
				(v) =>
					Array.isArray(v) &&
					v.length > 0 &&
					v.every((c) => isNonEmptyString(c.id) && email.check(c.email) && Object.keys(c).length === 2),
				'a non-empty array of {id, email}',
			),
			additional_settings: shape({
				execution_days: stringList,
				start_hour: hour,
				end_hour: hour,
				time_zone: text,
				email,
				from_emails: rule((v) => Array.isArray(v) && v.every(email.check), 'email addresses'),
				email_medium: text,
			}),
			email_subject: text,
			email_body: text,
			variables: text,
		}),
	},
	WHATSAPP: {
		touchpoint: shape({
			...touchpointCommon,
			is_consultants: bool,
			attachment_url: text,
			customer_details: rule(
				(v) =>
					Array.isArray(v) &&
					v.length > 0 &&
					v.every(
						(c) =>
							isNonEmptyString(c.id) &&
							digits.check(String(c.to_number).replace(/^\+/, '')) &&
							Object.keys(c).length === 2,
					),
				'a non-empty array of {id, to_number}',
			),
			additional_settings: shape({
				execution_days: stringList,
				start_hour: hour,
				end_hour: hour,
				delay: rule((v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0'),
				time_zone: text,
				ignore_suppression: bool,
				from_numbers: stringList,
			}),
			whatsapp_data: shape({
				template: text,
				language_code: text,
				whatsapp_body: text,
				body_params: anyObject,
				header_params: anyObject,
				button_params: anyObject,
			}),
			variables: rule((v) => Array.isArray(v) && v.length > 0, 'a non-empty array'),
		}),
	},
};

function validateCampaign(channels, body) {
	if (!isPlainObject(body)) return [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }];
	const channel = channels.includes(body.touchpoint?.type) ? body.touchpoint.type : channels[0];
	const contract = CAMPAIGN_CONTRACT[channel];
	const errors = [];
	for (const required of ['name', 'touchpoint'])
		if (!(required in body)) errors.push({ loc: ['body', required], msg: 'Field required', type: 'missing' });
	for (const required of ['name', 'type', 'status', 'start_at', 'assistant_id', 'customer_details']) {
		if (isPlainObject(body.touchpoint) && !(required in body.touchpoint))
			errors.push({ loc: ['body', 'touchpoint', required], msg: 'Field required', type: 'missing' });
	}
	if (isPlainObject(body.touchpoint) && !channels.includes(body.touchpoint.type)) {
		errors.push({
			loc: ['body', 'touchpoint', 'type'],
			msg: `Input should be ${channels.join(' or ')} on this path`,
			type: 'value_error',
		});
	}
	check(body, shape({ ...campaignCommon, touchpoint: contract.touchpoint }), ['body'], errors);
	return errors;
}

const CALL_FIELDS = { phone_number: e164, agent_id: text, customer_name: text, call_purpose: text };
const CUSTOMER_UPDATE = shape({ name: text, phone: e164, email, tags: stringList });
const KNOWLEDGE_BASE = shape({ name: text, description: text, urls: text, files: text });
const API_KEY = shape({ name: text, description: text, permissions: stringList, expires_at: iso });

/** Checks a body against a shape and its required keys; FastAPI-style errors. */
function validateShape(body, spec, requiredKeys) {
	const errors = [];
	if (!isPlainObject(body)) return [{ loc: ['body'], msg: 'Input should be a valid dictionary', type: 'dict_type' }];
	for (const key of requiredKeys)
		if (!(key in body)) errors.push({ loc: ['body', key], msg: 'Field required', type: 'missing' });
	if (Object.keys(body).length) check(body, spec, ['body'], errors);
	return errors;
}

/** multipart/form-data: name → values, and files {field, filename, contentType, size, text}. */
function parseMultipart(raw, contentType) {
	const boundary = /boundary=(.+)$/.exec(contentType ?? '')?.[1];
	if (!boundary) return undefined;
	const fields = {};
	const files = [];
	for (const part of raw.toString('latin1').split(`--${boundary}`).slice(1, -1)) {
		const [head, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
		const content = rest.join('\r\n\r\n').replace(/\r\n$/, '');
		const name = /name="([^"]*)"/.exec(head)?.[1];
		const filename = /filename="([^"]*)"/.exec(head)?.[1];
		if (filename !== undefined) {
			files.push({
				field: name,
				filename,
				contentType: /Content-Type: (.+)/i.exec(head)?.[1],
				size: Buffer.byteLength(content, 'latin1'),
				text: Buffer.from(content, 'latin1').toString('utf8'),
			});
		} else {
			(fields[name] ??= []).push(Buffer.from(content, 'latin1').toString('utf8'));
		}
	}
	return { fields, files };
}

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
		else if (!spec.open)
			errors.push({ loc: [...loc, key], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' });
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
		else if (!spec.check(value))
			errors.push({ loc: ['query', name], msg: `Input should be ${spec.expect}`, type: 'value_error' });
	}
	return errors;
}

function seedCustomers(count) {
	return Array.from({ length: count }, (_, i) => ({
		id: `cus-${String(i + 1).padStart(3, '0')}`,
		name: `Customer ${i + 1}`,
		phone: `+1555010${String(i).padStart(4, '0')}`,
		email: `customer${i + 1}@example.com`,
	}));
}

function seedCalls(count) {
	return Array.from({ length: count }, (_, i) => ({
		id: `call-${i + 1}`,
		customer_name: `Customer ${(i % 25) + 1}`,
		status: i % 3 ? 'completed' : 'no-answer',
		duration: (i * 7) % 300,
	}));
}

/** `data.data` + `data.pagination` for one page; `hasNext` adds the has_next/total_pages keys only Get Actions shows. */
function pageOf(records, url, { maxPerPage = Infinity, hasNext = false } = {}) {
	const page = Number(url.searchParams.get('page') ?? 1);
	const perPage = Number(url.searchParams.get('per_page') ?? 10);
	if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > maxPerPage) {
		return { status: 400, body: { detail: 'Invalid pagination parameters' } };
	}
	const total = records.length;
	const pagination = { current_page: page, per_page: perPage, total_records: total };
	if (hasNext)
		Object.assign(pagination, {
			total_pages: Math.max(1, Math.ceil(total / perPage)),
			has_next: page * perPage < total,
		});
	return {
		status: 200,
		body: {
			ctx_id: randomUUID(),
			data: { data: records.slice((page - 1) * perPage, page * perPage), pagination },
			message: 'Request processed successfully',
		},
	};
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
 *   contentType?: string, body: any, receivedAt: number, answeredAt?: number, status?: number }} RecordedRequest
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
		customers: seedCustomers(25),
		calls: seedCalls(130),
		knowledgeBases: [{ id: 'kb-1', name: 'Product Documentation', documents: 0 }],
		apiKeys: [],
		campaignPaths: { ...CAMPAIGN_PATHS },
		latencyMs: options.latencyMs ?? 0,
		rateLimit: options.rateLimit,
		window: { start: 0, count: 0 },
		inFlight: 0,
		maxInFlight: 0,
	};

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
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
		const multipart = parseMultipart(raw, req.headers['content-type']);
		let body;
		let bodyIsJson = true;
		try {
			body = multipart ?? (raw.length ? JSON.parse(raw.toString('utf8')) : undefined);
		} catch {
			bodyIsJson = false;
			body = raw.toString('utf8');
		}
		/** @type {RecordedRequest} */
		const record = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization,
			contentType: req.headers['content-type'],
			body,
			/** When the request arrived, and when (and with which status) it was answered: for timing assertions. */
			receivedAt: Date.now(),
			answeredAt: undefined,
			status: undefined,
		};
		state.requests.push(record);

		// The double's own statistics, for processes that cannot read `state` (the benchmark): never limited.
		if (url.pathname === '/__double/stats') {
			state.requests.pop();
			const { requests, assistants, violations, rateLimited, maxInFlight } = state;
			return send(res, {
				status: 200,
				body: {
					requests: requests.length,
					assistants: assistants.length,
					violations: violations.length,
					rateLimited,
					maxInFlight,
				},
			});
		}

		const fault = state.faults.find((f) => (f.times === undefined || f.times > 0) && f.when(record));
		if (fault && fault.times !== undefined) fault.times--;
		const kind = fault ? (fault.kind ?? (fault.raw !== undefined ? 'raw' : 'reply')) : undefined;
		if (kind === 'reset-before') return req.socket.destroy();

		const delay = state.latencyMs + (fault?.delayMs ?? 0);
		const answer = (reply) => {
			record.answeredAt = Date.now();
			record.status = reply.status;
			if (!res.destroyed) send(res, reply);
		};
		setTimeout(() => {
			if (kind === 'reply') return answer(fault);
			if (kind === 'raw') {
				record.answeredAt = Date.now();
				record.status = fault.status;
				res.writeHead(fault.status, { 'content-type': 'application/json' });
				return res.end(fault.raw);
			}
			// Like a real server, the request is processed even when the client has given up waiting.
			const reply = rateLimitReply() ?? route(req, url, record, bodyIsJson);
			if (kind === 'reset-after') return req.socket.destroy();
			answer(reply);
		}, delay);
	}

	/** The documented endpoints. */
	function route(req, url, record, bodyIsJson) {
		if (req.headers.authorization !== `Bearer ${state.token}`) {
			return { status: 401, body: { detail: 'Could not validate credentials' } };
		}
		const { body } = record;

		if (req.method === 'POST' && url.pathname === '/v2/_new_assistants') {
			const errors = bodyIsJson
				? validateAssistant(body, record.query)
				: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }];
			if (errors.length) {
				state.violations.push({ request: record, errors });
				return { status: 400, body: { detail: errors } };
			}
			const assistant = { assistant_id: randomUUID(), name: body.name };
			state.assistants.push({ ...assistant, type: body.type, body });
			return { status: 201, body: { ctx_id: randomUUID(), data: assistant } };
		}

		const multipart = record.contentType?.startsWith('multipart/form-data') ? record.body : undefined;
		const invalid = (errors) => {
			state.violations.push({ request: record, errors });
			return { status: 400, body: { detail: errors } };
		};
		const created = (data, status = 201) => ({
			status,
			body: { ctx_id: randomUUID(), data, ...(status === 200 ? { message: 'Request processed successfully' } : {}) },
		});
		const path = url.pathname;
		let match;

		if (req.method === 'GET' && path === '/v2/_actions') return pageOf(state.actions, url, { hasNext: true });
		if (req.method === 'POST' && path === '/v2/_actions') {
			const errors = validateAction(body);
			if (errors.length) return invalid(errors);
			const action = { id: randomUUID(), name: body.name, type: body.type, is_active: body.is_active ?? true };
			state.actions.push(action);
			return created({
				action_id: action.id,
				name: action.name,
				...(body.type === 'APPOINTMENT' ? {} : { type: body.type }),
			});
		}
		if (req.method === 'POST' && path === '/v2/_knowledge_base') {
			const errors = validateShape(body, KNOWLEDGE_BASE, ['name']);
			if (errors.length) return invalid(errors);
			const kb = { id: randomUUID(), name: body.name, documents: 0 };
			state.knowledgeBases.push(kb);
			return created({ id: kb.id, name: kb.name });
		}
		if (req.method === 'PUT' && (match = /^\/v2\/_knowledgebase\/([^/]+)$/.exec(path))) {
			if (!multipart) return invalid([{ loc: ['body'], msg: 'Expected multipart/form-data', type: 'value_error' }]);
			const known = ['name', 'urls[]', 'faqs[]'];
			const errors = Object.keys(multipart.fields)
				.filter((k) => !known.includes(k))
				.map((k) => ({ loc: ['body', k], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }));
			for (const faq of multipart.fields['faqs[]'] ?? [])
				if (!/^Q: .+\|A: .+$/s.test(faq))
					errors.push({ loc: ['body', 'faqs[]'], msg: 'Each FAQ should be "Q: …|A: …"', type: 'value_error' });
			for (const file of multipart.files)
				if (!['files', 'uploaded_files'].includes(file.field))
					errors.push({ loc: ['body', file.field], msg: 'Unknown file field', type: 'extra_forbidden' });
			if (errors.length) return invalid(errors);
			const kb = state.knowledgeBases.find((k) => k.id === decodeURIComponent(match[1]));
			if (!kb) return { status: 404, body: { detail: 'Knowledge base not found' } };
			if (multipart.fields.name) kb.name = multipart.fields.name[0];
			kb.documents += multipart.files.length + (multipart.fields['urls[]']?.length ?? 0);
			return created({ id: kb.id, name: kb.name, document_count: kb.documents }, 200);
		}
		if (req.method === 'GET' && path === '/v2/_customers') return pageOf(state.customers, url);
		if (req.method === 'PUT' && (match = /^\/v2\/_customers\/([^/]+)$/.exec(path))) {
			const errors = validateShape(body, CUSTOMER_UPDATE, []);
			if (!Object.keys(body ?? {}).length)
				errors.push({ loc: ['body'], msg: 'Nothing to update', type: 'value_error' });
			if (errors.length) return invalid(errors);
			const customer = state.customers.find((c) => c.id === decodeURIComponent(match[1]));
			if (!customer) return { status: 404, body: { detail: 'Customer not found' } };
			Object.assign(customer, body);
			return created({ id: customer.id, name: customer.name }, 200);
		}
		if (req.method === 'POST' && path === '/v2/_call') {
			const errors = validateShape(
				body,
				shape({ ...CALL_FIELDS, version: rule((v) => ['v1', 'v2'].includes(v), 'v1 or v2') }),
				['phone_number', 'agent_id'],
			);
			if (errors.length) return invalid(errors);
			const call = { call_id: randomUUID(), status: 'queued', version: body.version ?? 'v1' };
			state.calls.unshift({ id: call.call_id, customer_name: body.customer_name ?? '', status: 'queued', duration: 0 });
			return created(call, 200);
		}
		if (req.method === 'POST' && (match = /^\/v2\/_voicecalls\/([^/]+)\/makeCall$/.exec(path))) {
			const errors = validateShape(body, shape({ phone_number: e164, customer_name: text, call_purpose: text }), [
				'phone_number',
			]);
			if (errors.length) return invalid(errors);
			return created({ call_id: randomUUID(), status: 'queued', agent_id: decodeURIComponent(match[1]) }, 200);
		}
		if (req.method === 'GET' && path === '/v2/_calls') return pageOf(state.calls, url, { maxPerPage: 100 });
		const campaignChannels = Object.keys(state.campaignPaths).filter(
			(channel) => state.campaignPaths[channel] === path,
		);
		if (req.method === 'POST' && campaignChannels.length) {
			const errors = validateCampaign(campaignChannels, body);
			if (errors.length) return invalid(errors);
			return created({ id: randomUUID(), name: body.name, status: 'scheduled' });
		}
		if (req.method === 'POST' && path === '/v2/_api_keys') {
			const errors = validateShape(body, API_KEY, ['name']);
			if (errors.length) return invalid(errors);
			state.apiKeys.push(body);
			return { status: 201 };
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
		/** @param {{ latencyMs?: number, rateLimit?: { limit: number, windowMs: number }, campaignPaths?: Record<string, string> }} settings */
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
			state.customers = seedCustomers(25);
			state.calls = seedCalls(130);
			state.knowledgeBases = [{ id: 'kb-1', name: 'Product Documentation', documents: 0 }];
			state.apiKeys = [];
			state.campaignPaths = { ...CAMPAIGN_PATHS };
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
