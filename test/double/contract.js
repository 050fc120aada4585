'use strict';
/**
 * The documented ContactSwing contract (our notes: docs/api-choices.md), as the double enforces
 * it: the rules each body must follow, the seeded records, and the table of endpoints. The HTTP
 * plumbing (recording, faults, latency, the rate limit) lives in server.js.
 */
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
	// Documented as an integer, while Agent → Create returns a string: both are taken (docs/api-choices.md).
	assistant_id: rule(
		(v) => (Number.isInteger(v) && v > 0) || (typeof v === 'string' && v.trim() !== ''),
		'an integer, or the assistant_id Agent → Create returns',
	),
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

/**
 * `data.data` + `data.pagination` for one page; `hasNext` adds the has_next/total_pages keys only
 * Get Actions shows. `servePerPage` (a test setting) makes the server serve fewer records a page
 * than asked, and say so in `per_page`, as a server with its own page cap would.
 */
function pageOf(records, url, { maxPerPage = Infinity, hasNext = false, servePerPage = Infinity } = {}) {
	const page = Number(url.searchParams.get('page') ?? 1);
	const asked = Number(url.searchParams.get('per_page') ?? 10);
	if (!Number.isInteger(page) || page < 1 || !Number.isInteger(asked) || asked < 1 || asked > maxPerPage) {
		return { status: 400, body: { detail: 'Invalid pagination parameters' } };
	}
	const perPage = Math.min(asked, servePerPage);
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

/** A rejected request: FastAPI's 400 with the list of what is wrong, recorded as a contract violation. */
function invalid(state, record, errors) {
	state.violations.push({ request: record, errors });
	return { status: 400, body: { detail: errors } };
}

/** The documented success envelope: `{ctx_id, data}` (and a message on 200s). */
function created(data, status = 201) {
	return {
		status,
		body: { ctx_id: randomUUID(), data, ...(status === 200 ? { message: 'Request processed successfully' } : {}) },
	};
}

const callVersion = rule((v) => ['v1', 'v2'].includes(v), 'v1 or v2');

/**
 * The documented endpoints, one row each: the method, the path (a RegExp's groups are its path
 * parameters) and what the endpoint does with a request `{record, body, bodyIsJson, multipart,
 * params, url}` and the double's `state`. The campaign row matches the configurable paths.
 * @type {{ method: string, path: string | RegExp | ((path: string, state: any) => boolean),
 *   handle: (request: any, state: any) => { status: number, body?: unknown } }[]}
 */
const routes = [
	{
		method: 'POST',
		path: '/v2/_new_assistants',
		handle({ record, body, bodyIsJson }, state) {
			const errors = bodyIsJson
				? validateAssistant(body, record.query)
				: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }];
			if (errors.length) return invalid(state, record, errors);
			const assistant = { assistant_id: randomUUID(), name: body.name };
			state.assistants.push({ ...assistant, type: body.type, body });
			return { status: 201, body: { ctx_id: randomUUID(), data: assistant } };
		},
	},
	{
		method: 'GET',
		path: '/v2/_actions',
		handle: ({ url }, state) => pageOf(state.actions, url, { hasNext: true, servePerPage: state.servePerPage }),
	},
	{
		method: 'POST',
		path: '/v2/_actions',
		handle({ record, body }, state) {
			const errors = validateAction(body);
			if (errors.length) return invalid(state, record, errors);
			const action = { id: randomUUID(), name: body.name, type: body.type, is_active: body.is_active ?? true };
			state.actions.push(action);
			return created({
				action_id: action.id,
				name: action.name,
				...(body.type === 'APPOINTMENT' ? {} : { type: body.type }),
			});
		},
	},
	{
		method: 'POST',
		path: '/v2/_knowledge_base',
		handle({ record, body }, state) {
			const errors = validateShape(body, KNOWLEDGE_BASE, ['name']);
			if (errors.length) return invalid(state, record, errors);
			const kb = { id: randomUUID(), name: body.name, documents: 0 };
			state.knowledgeBases.push(kb);
			return created({ id: kb.id, name: kb.name });
		},
	},
	{
		method: 'PUT',
		path: /^\/v2\/_knowledgebase\/([^/]+)$/,
		handle({ record, multipart, params }, state) {
			if (!multipart)
				return invalid(state, record, [{ loc: ['body'], msg: 'Expected multipart/form-data', type: 'value_error' }]);
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
			if (errors.length) return invalid(state, record, errors);
			const kb = state.knowledgeBases.find((k) => k.id === params[0]);
			if (!kb) return { status: 404, body: { detail: 'Knowledge base not found' } };
			if (multipart.fields.name) kb.name = multipart.fields.name[0];
			kb.documents += multipart.files.length + (multipart.fields['urls[]']?.length ?? 0);
			return created({ id: kb.id, name: kb.name, document_count: kb.documents }, 200);
		},
	},
	{
		method: 'GET',
		path: '/v2/_customers',
		handle: ({ url }, state) => pageOf(state.customers, url, { servePerPage: state.servePerPage }),
	},
	{
		method: 'PUT',
		path: /^\/v2\/_customers\/([^/]+)$/,
		handle({ record, body, params }, state) {
			const errors = validateShape(body, CUSTOMER_UPDATE, []);
			if (!Object.keys(body ?? {}).length)
				errors.push({ loc: ['body'], msg: 'Nothing to update', type: 'value_error' });
			if (errors.length) return invalid(state, record, errors);
			const customer = state.customers.find((c) => c.id === params[0]);
			if (!customer) return { status: 404, body: { detail: 'Customer not found' } };
			Object.assign(customer, body);
			return created({ id: customer.id, name: customer.name }, 200);
		},
	},
	{
		method: 'POST',
		path: '/v2/_call',
		handle({ record, body }, state) {
			const errors = validateShape(body, shape({ ...CALL_FIELDS, version: callVersion }), ['phone_number', 'agent_id']);
			if (errors.length) return invalid(state, record, errors);
			const call = { call_id: randomUUID(), status: 'queued', version: body.version ?? 'v1' };
			state.calls.unshift({ id: call.call_id, customer_name: body.customer_name ?? '', status: 'queued', duration: 0 });
			return created(call, 200);
		},
	},
	{
		method: 'POST',
		path: /^\/v2\/_voicecalls\/([^/]+)\/makeCall$/,
		handle({ record, body, params }, state) {
			const errors = validateShape(body, shape({ phone_number: e164, customer_name: text, call_purpose: text }), [
				'phone_number',
			]);
			if (errors.length) return invalid(state, record, errors);
			return created({ call_id: randomUUID(), status: 'queued', agent_id: params[0] }, 200);
		},
	},
	{
		method: 'GET',
		path: '/v2/_calls',
		handle: ({ url }, state) => pageOf(state.calls, url, { maxPerPage: 100, servePerPage: state.servePerPage }),
	},
	{
		method: 'POST',
		path: (path, state) => Object.values(state.campaignPaths).includes(path),
		handle({ record, body, url }, state) {
			const channels = Object.keys(state.campaignPaths).filter(
				(channel) => state.campaignPaths[channel] === url.pathname,
			);
			const errors = validateCampaign(channels, body);
			if (errors.length) return invalid(state, record, errors);
			return created({ id: randomUUID(), name: body.name, status: 'scheduled' });
		},
	},
	{
		method: 'POST',
		path: '/v2/_api_keys',
		handle({ record, body }, state) {
			const errors = validateShape(body, API_KEY, ['name']);
			if (errors.length) return invalid(state, record, errors);
			state.apiKeys.push(body);
			return { status: 201 };
		},
	},
];

/** The row for a method and path, with the path parameters (URL-decoded), or undefined. */
function findRoute(method, path, state) {
	for (const route of routes) {
		if (route.method !== method) continue;
		if (typeof route.path === 'string' && route.path === path) return { route, params: [] };
		if (typeof route.path === 'function' && route.path(path, state)) return { route, params: [] };
		if (route.path instanceof RegExp) {
			const match = route.path.exec(path);
			if (match) return { route, params: match.slice(1).map(decodeURIComponent) };
		}
	}
	return undefined;
}

module.exports = {
	CAMPAIGN_PATHS,
	findRoute,
	routes,
	seedActions,
	seedCalls,
	seedCustomers,
	validateAssistant,
};
