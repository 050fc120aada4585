'use strict';
/**
 * A local ContactSwing API double: a real HTTP server on 127.0.0.1 that enforces the documented
 * contract (contract.js), answers like the FastAPI service does, and records every request it
 * receives: this file is the HTTP plumbing (recording, scripted faults, latency, the rate limit). Used by the engine tests, the demo, the end-to-end runs and the bench.
 *
 * Run it alone: `node test/double/server.js [--port 4010] [--token T] [--latency 100] [--rate-limit 10/1000]`
 * (at most 10 requests per 1000 ms, then 429 with Retry-After); it prints its URL.
 */
const http = require('node:http');

const { CAMPAIGN_PATHS, findRoute, seedActions, seedCalls, seedCustomers, validateAssistant } = require('./contract');

/**
 * @typedef {{ method: string, path: string, query: Record<string, string>, authorization?: string,
 *   contentType?: string, body: any, receivedAt: number, answeredAt?: number, status?: number }} RecordedRequest
 * @typedef {{ status: number, body?: unknown, headers?: Record<string, string> }} Reply
 * @typedef {Partial<Reply> & {
 *   kind?: 'reply' | 'reset-before' | 'reset-after' | 'abort-after' | 'slow' | 'raw' | 'trickle',
 *   raw?: string, delayMs?: number, times?: number, respond?: (request: RecordedRequest) => Fault,
 *   chunk?: string, everyMs?: number }} Fault
 *   reply: answer with status/body/headers instead of the contract's (a Buffer body is sent as it is);
 *   respond: a function of the request that makes the fault to apply (for answers that echo it);
 *   trickle: answer status/headers, then `chunk` every `everyMs` until the client goes away;
 *   raw: answer `status` with the bytes of `raw` as application/json (malformed JSON);
 *   reset-before: drop the connection without processing the request;
 *   reset-after: process the request (an agent is created), then drop the connection;
 *   abort-after: the same, but the connection is reset (a TCP RST, as a crashed proxy or a closed socket with
 *     unread data gives: the client reads ECONNRESET, not the end of the connection);
 *   slow: process and answer as usual (after delayMs, which delays any fault's answer);
 *   times: how many matching requests the fault applies to (default: all).
 */

/**
 * Of `requests`: the most in flight at once, and with `every` (ms) how many were in flight at each
 * step from the first arrival to the last answer (the benchmark's timeline of a run).
 */
function inFlight(requests, every) {
	const events = requests
		.flatMap((r) => [
			[r.receivedAt, 1],
			[r.answeredAt ?? Infinity, -1],
		])
		// An answer in the millisecond another request arrives ends first: the two are not counted together.
		.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let peak = 0;
	const timeline = [];
	let next = events.length ? events[0][0] : 0;
	for (const [at, change] of events) {
		while (every > 0 && at > next && Number.isFinite(at)) {
			timeline.push(now);
			next += every;
		}
		now += change;
		peak = Math.max(peak, now);
	}
	return every > 0 ? { inFlightPeak: peak, timeline } : { inFlightPeak: peak };
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
		/** Bytes of body sent by trickling answers. */
		trickled: 0,
		/** Trickled answers whose client went away. */
		trickleClosed: 0,
		/** Lists serve at most this many records a page (see pageOf in contract.js). */
		servePerPage: Infinity,
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
		const text =
			body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
		res.writeHead(status, {
			'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
			...headers,
		});
		res.end(text);
	}

	/** Headers now, then a chunk every `everyMs` for as long as the client listens: a body that never ends. */
	function trickle(res, { status, headers = {}, chunk = 'x'.repeat(1024), everyMs = 100 }) {
		if (res.destroyed) return state.trickleClosed++; // the client went away before the answer began
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.write('{"data": "');
		const timer = setInterval(() => {
			state.trickled += chunk.length;
			res.write(chunk);
		}, everyMs).unref();
		res.on('close', () => {
			clearInterval(timer);
			state.trickleClosed++;
		});
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
			// `?since=N`: when the requests after the first N came, the first of them and the last answer,
			// their statuses and how many were in flight at most; `&every=ms`: in flight at each step from the first.
			const since = requests.slice(Number(url.searchParams.get('since') ?? requests.length));
			const every = Number(url.searchParams.get('every'));
			return send(res, {
				status: 200,
				body: {
					requests: requests.length,
					assistants: assistants.length,
					violations: violations.length,
					rateLimited,
					maxInFlight,
					firstReceivedAt: since.length ? Math.min(...since.map((r) => r.receivedAt)) : null,
					lastAnsweredAt: since.length ? Math.max(...since.map((r) => r.answeredAt ?? r.receivedAt)) : null,
					statuses: since.reduce((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {}),
					...inFlight(since, every),
				},
			});
		}

		const matched = state.faults.find((f) => (f.times === undefined || f.times > 0) && f.when(record));
		if (matched && matched.times !== undefined) matched.times--;
		// `respond` makes the fault from the request: any kind, such as an answer that echoes a header.
		const fault = matched?.respond ? matched.respond(record) : matched;
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
			if (kind === 'trickle') {
				record.status = fault.status;
				return trickle(res, fault);
			}
			if (kind === 'raw') {
				record.answeredAt = Date.now();
				record.status = fault.status;
				res.writeHead(fault.status, { 'content-type': 'application/json' });
				return res.end(fault.raw);
			}
			// Like a real server, the request is processed even when the client has given up waiting.
			const reply = rateLimitReply() ?? route(req, url, record, bodyIsJson);
			if (kind === 'reset-after') return req.socket.destroy();
			if (kind === 'abort-after') return req.socket.resetAndDestroy();
			answer(reply);
		}, delay).unref(); // a test that ends mid-delay does not keep the process alive
	}

	/** Signed requests go to the contract's row for their method and path; the rest get FastAPI's 401 or 404. */
	function route(req, url, record, bodyIsJson) {
		if (req.headers.authorization !== `Bearer ${state.token}`) {
			return { status: 401, body: { detail: 'Could not validate credentials' } };
		}
		const found = findRoute(req.method, url.pathname, state);
		if (!found) return { status: 404, body: { detail: 'Not Found' } };
		const { body } = record;
		const multipart = record.contentType?.startsWith('multipart/form-data') ? body : undefined;
		return found.route.handle({ record, body, bodyIsJson, multipart, params: found.params, url }, state);
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
		/** @param {{ latencyMs?: number, rateLimit?: { limit: number, windowMs: number }, campaignPaths?: Record<string, string>, servePerPage?: number }} settings */
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
			state.trickled = 0;
			state.trickleClosed = 0;
			state.servePerPage = Infinity;
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
