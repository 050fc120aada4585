/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a second listener, the environment's run count, real clocks and memory figures: test code, never shipped */
/**
 * The hostile-server property test: the double answers every request with a random status, random
 * headers (Location, Retry-After, Content-Type) and a random body (empty, HTML, broken JSON, null,
 * a list, a huge detail, records of every JSON type, an echo of the request's Authorization,
 * endless pages, a trickle, a reset), and every operation, the dropdowns and the credential's Test
 * must keep the invariants below. `npm test` runs a fixed seed; `HOSTILE_RUNS=500 npm run fuzz`
 * runs longer; a failure prints its seed, and `HOSTILE_SEED=<seed>` replays it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import fc from 'fast-check';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { largeList as largePages } from './double/large';
import { loadOptions, runNode, testCredential } from './harness/engine';
import { captureN8nLogs } from './harness/logs';
import type { Double } from './harness/fixtures';
import { useDouble } from './harness/fixtures';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261201);

/** The node's Options in every run: a short Timeout and wait budget keep the bound on time meaningful. */
const TIMEOUT_S = 1;
const MAX_WAIT_S = 2;
const RETRIES = 2;

const double = useDouble();

type Fault = Parameters<Double['failWhen']>[1];
type RecordedRequest = Double['state']['requests'][number] & { answer?: Answer };

/** One scripted answer: the double gives them in turn, starting over at the end of the script. */
interface Answer {
	kind: 'reply' | 'raw' | 'trickle' | 'reset-before';
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** The header of every HS256 JWT, and the start every payload of ContactSwing's issuer shares. */
const HS256_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
const SIGNATURE = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
/** A JWT as ContactSwing's issuer makes them: the shared header, a payload that starts alike, its own signature. */
const issuedJwt = (sub: string, signature: string) =>
	`${HS256_HEADER}.${Buffer.from(JSON.stringify({ sub, company_id: 4217 })).toString('base64url')}.${signature}`;

/** An opaque token, all of it secret, or a JWT whose secret is its signature. */
const TOKEN = fc.oneof(
	fc.stringMatching(/^[A-Za-z0-9_-]{12,40}\.[A-Za-z0-9_-]{12,120}\.[A-Za-z0-9_-]{12,60}$/),
	fc.tuple(fc.stringMatching(/^user-[a-z0-9]{1,8}$/), SIGNATURE).map(([sub, signature]) => issuedJwt(sub, signature)),
);

/** Where the token's secret starts: a JWT's signature, or the whole of any other token. */
const secretStart = (token: string) => (token.startsWith(`${HS256_HEADER}.`) ? token.lastIndexOf('.') + 1 : 0);

/**
 * What the mask must make of a string the server sent, worked out the slow, plain way: every
 * whole run of the token's characters that holds 15 or more of its secret becomes `***`.
 */
function expectedMasked(text: string, token: string): string {
	if (token.length < 15) return text.split(token).join('***');
	const from = secretStart(token);
	const secret = token.slice(from);
	let holdsPiece = false;
	for (let i = 0; i + 15 <= secret.length && !holdsPiece; i++) holdsPiece = text.includes(secret.slice(i, i + 15));
	if (!holdsPiece) return text;
	const covered = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) {
		for (let k = 0; k < token.length; k++) {
			if (text[i] !== token[k] || (i > 0 && k > 0 && text[i - 1] === token[k - 1])) continue;
			let length = 0;
			while (i + length < text.length && k + length < token.length && text[i + length] === token[k + length]) length++;
			if (k + length - Math.max(k, from) >= 15) covered.fill(1, i, i + length);
		}
	}
	let result = '';
	for (let i = 0; i < text.length; i++) {
		if (!covered[i]) result += text[i];
		else if (i === 0 || !covered[i - 1]) result += '***';
	}
	return result;
}

/** Every string value in a JSON value (and its keys, with `keys`). */
function stringsOf(value: unknown, keys = false, into: string[] = []): string[] {
	if (typeof value === 'string') into.push(value);
	else if (Array.isArray(value)) for (const entry of value) stringsOf(entry, keys, into);
	else if (typeof value === 'object' && value !== null) {
		for (const [key, entry] of Object.entries(value)) {
			if (keys) into.push(key);
			stringsOf(entry, keys, into);
		}
	}
	return into;
}

const STATUS = fc.oneof(
	fc.constantFrom(200, 201, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 409, 422, 429, 429, 500, 502, 503, 504),
	fc.integer({ min: 200, max: 599 }),
);

const RETRY_AFTER = fc.oneof(
	fc.constantFrom('0', '-5', '1', '2', '1.5', '121', '86400', '1e308', 'Infinity', 'NaN', 'soon', ''),
	fc.integer({ min: -5, max: 5 }).map((seconds) => new Date(Date.now() + seconds * 1000).toUTCString()),
);

/** Where a redirect points: the listener that must never be reached, or addresses no one serves. */
const LOCATION = (otherHost: string) =>
	fc.constantFrom(`${otherHost}/steal`, '/v2/_elsewhere', 'https://evil.example/steal', '::not a url::', '');

const HEADERS = (otherHost: string) =>
	fc.record(
		{
			location: LOCATION(otherHost),
			'retry-after': RETRY_AFTER,
			'content-type': fc.constantFrom('application/json', 'text/html', 'text/plain', 'application/octet-stream'),
		},
		{ requiredKeys: [] },
	);

/** A body as a recipe: `echo` and friends are filled in from the request when it arrives. */
const BODY = fc.oneof(
	fc.constant(''),
	fc.string({ maxLength: 300 }).map((text) => `<html><body>${text}</body></html>`),
	fc.string({ maxLength: 100 }).map((text) => `{"ctx_id": "${text}`),
	fc.constantFrom('null', '[]', '[1, "x", null]', '"a string"', '42', 'true', '{}'),
	fc.integer({ min: 1, max: 1024 * 1024 }).map((size) => JSON.stringify({ detail: 'z'.repeat(size) })),
	fc
		.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 })
		.map((records) => JSON.stringify({ data: { data: records, pagination: { total_records: 1000 } } })),
	fc.constantFrom(
		JSON.stringify({ data: { data: [{ id: 'same' }], pagination: { has_next: true } } }),
		JSON.stringify({ data: { data: [{ id: 'a' }, { id: 'b' }], pagination: { total_pages: 1e9 } } }),
		JSON.stringify({ data: null }),
		JSON.stringify({ ok: true }),
		JSON.stringify({ ctx_id: 'c', data: { assistant_id: 'x', name: 'y', action_id: 'a', id: 'i' } }),
		JSON.stringify({ detail: [{ loc: ['body', 'name'], msg: 'too long' }, null, 7] }),
	),
	fc
		.tuple(fc.integer({ min: 0, max: 250 }), fc.constantFrom('whole', 'head', 'middle', 'tail'))
		.map(([padding, part]) => `echo:${padding}:${part}`),
	fc.constant('huge'),
	// Another JWT of the same issuer (API Key → Create's new key, a webhook's Bearer): it must come through as sent.
	fc.tuple(SIGNATURE, fc.constantFrom('record', 'list')).map(([signature, shape]) => `other:${shape}:${signature}`),
);

const ANSWER = (otherHost: string) =>
	fc.record({
		kind: fc.constantFrom('reply', 'reply', 'reply', 'reply', 'raw', 'trickle', 'reset-before'),
		status: STATUS,
		headers: HEADERS(otherHost),
		body: BODY,
	}) as fc.Arbitrary<Answer>;

/** What an answer's body becomes once the request is known: an echo of its Authorization header, say. */
function bodyFor(answer: Answer, request: RecordedRequest): string | Buffer {
	if (answer.body === 'huge') return Buffer.alloc(6 * 1024 * 1024, 'h');
	const other = /^other:(\w+):(.+)$/.exec(answer.body);
	if (other) {
		const key = issuedJwt('user-other', other[2]);
		const record = { id: 'k-1', assistant_id: 'x', action_id: 'a', name: 'y', key, auth: `Bearer ${key}` };
		return JSON.stringify(
			other[1] === 'list'
				? { data: { data: [record], pagination: { total_records: 1 } } }
				: { ctx_id: 'c', data: record },
		);
	}
	const echo = /^echo:(\d+):(\w+)$/.exec(answer.body);
	if (!echo) return answer.body;
	const token = String(request.authorization ?? '').replace(/^Bearer /, '');
	const third = Math.floor(token.length / 3);
	const piece = {
		whole: token,
		head: token.slice(0, 2 * third),
		middle: token.slice(third, 2 * third),
		tail: token.slice(third),
	}[echo[2] as 'whole'];
	return JSON.stringify({ detail: `${'x'.repeat(Number(echo[1]))} Bearer ${piece}`, headers: request.authorization });
}

/** Every string the server sent in a JSON body, in this run. */
const sentStrings = new Set<string>();

function faultFor(answer: Answer, request: RecordedRequest): Fault {
	request.answer = answer;
	const body = bodyFor(answer, request);
	if (answer.kind !== 'reset-before' && answer.kind !== 'trickle' && typeof body === 'string') {
		try {
			for (const text of stringsOf(JSON.parse(body), true)) sentStrings.add(text);
		} catch {
			// not JSON: nothing of it reaches an output as a value
		}
	}
	const { status, headers } = answer;
	if (answer.kind === 'reset-before') return { kind: 'reset-before' };
	if (answer.kind === 'trickle') return { kind: 'trickle', status, headers, everyMs: 50 };
	if (answer.kind === 'raw') return { status, raw: typeof body === 'string' ? body : body.toString() };
	return { status, headers, body: body === '' ? undefined : body };
}

/** The operations, as a user sets them up, each with the items it gets. */
const OPTIONS = { timeout: TIMEOUT_S, maxRateLimitWait: MAX_WAIT_S, rateLimitRetries: RETRIES };
const binaryItem = (i: number): INodeExecutionData => ({
	json: { i },
	binary: { data: { data: Buffer.from(`file ${i}`).toString('base64'), mimeType: 'text/plain', fileName: `${i}.txt` } },
});
const OPERATIONS: Record<
	string,
	{ parameters: INodeParameters; item: (i: number) => INodeExecutionData; list?: boolean }
> = {
	'Agent → Create': {
		parameters: {
			resource: 'assistant',
			operation: 'create',
			type: 'WHATSAPP',
			name: '={{ "Item " + $json.i }}',
			model: 'cw-llm-1',
			instructions: 'Help.',
			phoneNumber: '650175178190170',
			options: OPTIONS,
		},
		item: (i) => ({ json: { i } }),
	},
	'Call → Start': {
		parameters: {
			resource: 'call',
			operation: 'start',
			phoneNumber: '+1234567890',
			agentId: 'agent_1',
			additionalFields: { customerName: '={{ "Item " + $json.i }}' },
			options: OPTIONS,
		},
		item: (i) => ({ json: { i } }),
	},
	'Knowledge Base → Update': {
		parameters: {
			resource: 'knowledgeBase',
			operation: 'update',
			knowledgeBaseId: 'kb-1',
			files: 'data',
			updateFields: { name: '={{ "Item " + $json.i }}' },
			options: OPTIONS,
		},
		item: binaryItem,
	},
	'Customer → Get Many (Return All)': {
		parameters: { resource: 'customer', operation: 'getAll', returnAll: true, simplify: false, options: OPTIONS },
		item: (i) => ({ json: { i } }),
		list: true,
	},
	'Action → Get Many (Limit 150)': {
		parameters: { resource: 'action', operation: 'getAll', limit: 150, options: OPTIONS },
		item: (i) => ({ json: { i } }),
		list: true,
	},
};

/** When a run draws `large`, a list answers pages of 5 MB for ever: it must end at the byte cap. */
const endlessLargePages = largePages({ pages: 1e9, perPage: 100, recordChars: 49_000 });
/** A string the endless list sent (its pages are made on demand, not recorded as sent): an ID or the filler. */
const isLargeListString = (text: string) => /^large-\d+-\d+$/.test(text) || /^x{49000}$/.test(text);
/**
 * Peak memory above the start, heap and Buffers: a list keeps at most 128 MB of records. (Uploads'
 * own bounds are measured in test/memory.test.ts, in a process of their own: in this one, the
 * double's copies of each upload it parses would be counted too.)
 */
const PEAK_BOUND_MB = { largeList: 512, other: 256 };

/** Samples the heap and Buffers every 5 ms from now; past `boundMb` above the start it calls `cancel`. */
function watchMemory(boundMb: number) {
	const used = () => {
		const { heapUsed, external } = process.memoryUsage();
		return heapUsed + external;
	};
	const start = used();
	let peak = start;
	let cancel: (() => void) | undefined;
	const timer = setInterval(() => {
		peak = Math.max(peak, used());
		if (peak - start > boundMb * 1024 * 1024) cancel?.();
	}, 5);
	return {
		onStart: (execution: { cancel: () => void }) => (cancel = execution.cancel),
		stop: () => {
			clearInterval(timer);
			return Math.round((Math.max(peak, used()) - start) / (1024 * 1024));
		},
	};
}

/** Which item a create was for, from what the double received. */
function itemOf(request: RecordedRequest): string | undefined {
	const body = request.body as { name?: unknown; customer_name?: unknown; fields?: { name?: string[] } } | undefined;
	const name = body?.name ?? body?.customer_name ?? body?.fields?.name?.[0];
	return typeof name === 'string' ? name : undefined;
}

/** A 429, or a 503 with Retry-After: the server said it did not process the request, so it may be sent again. */
const saidNotProcessed = (answer?: Answer) =>
	answer !== undefined &&
	answer.kind !== 'reset-before' &&
	answer.kind !== 'trickle' &&
	(answer.status === 429 || (answer.status === 503 && 'retry-after' in answer.headers));

describe('hostile server: whatever ContactSwing, a proxy or a bad deploy answers', () => {
	let other: { url: string; connections: number; server: http.Server };

	beforeAll(async () => {
		const server = http.createServer((_req, res) => res.end('{"data": {"assistant_id": "stolen"}}'));
		other = { url: '', connections: 0, server };
		server.on('connection', () => other.connections++);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		other.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise<void>((resolve) => other.server.close(() => resolve())));

	it(`keeps every invariant, for every operation, dropdown and the Test (${RUNS} runs)`, async () => {
		const { logged, restore } = captureN8nLogs();
		const scenario = fc.record({
			token: TOKEN,
			script: fc.array(ANSWER(other.url), { minLength: 1, maxLength: 4 }),
			target: fc.constantFrom(...Object.keys(OPERATIONS), 'Actions dropdown', 'Customer search', 'Test'),
			onError: fc.constantFrom('continueRegularOutput', 'continueErrorOutput'),
			itemCount: fc.integer({ min: 1, max: 3 }),
			large: fc.boolean(),
		});
		try {
			await fc.assert(
				fc.asyncProperty(scenario, async ({ token, script, target, onError, itemCount, large }) => {
					double().reset();
					logged.length = 0;
					sentStrings.clear();
					// Every run is another account: what one run teaches the shared limiter is not the next one's.
					double().state.token = token;
					const credentials = { token, baseUrl: double().url };
					const editorOnly = target === 'Actions dropdown' || target === 'Customer search' || target === 'Test';
					// An editor dropdown waits 15 s and the Test waits as n8n does: no trickles there.
					const answers = editorOnly ? script.filter((answer) => answer.kind !== 'trickle') : script;
					let turn = 0;
					const operation = OPERATIONS[target];
					const largeList = large && operation?.list === true;
					if (largeList) double().failWhen(() => true, endlessLargePages);
					double().failWhen(() => true, {
						respond: (request) => faultFor(answers[turn++ % Math.max(1, answers.length)] ?? script[0], request),
					});
					if (editorOnly && answers.length === 0) return;
					const heapBefore = process.memoryUsage().heapUsed;
					const started = Date.now();
					let result: unknown;

					if (target === 'Test') {
						result = await testCredential(credentials);
					} else if (editorOnly) {
						const node = { parameters: { resource: 'customer', operation: 'update' } };
						const method = target === 'Actions dropdown' ? 'getActions' : 'searchCustomers';
						result = await loadOptions(method, { node, credentials }).then(
							(value) => ({ value }),
							(error: Error) => ({
								error: { message: error.message, description: (error as { description?: string }).description },
							}),
						);
					} else {
						const input = Array.from({ length: itemCount }, (_, i) => operation.item(i));
						const bound = PEAK_BOUND_MB[largeList ? 'largeList' : 'other'];
						const memory = watchMemory(bound);
						const run = await runNode({
							node: { parameters: operation.parameters, onError: onError as 'continueRegularOutput' },
							items: input,
							credentials,
							onStart: memory.onStart,
						});
						// Peak memory is bounded, for every list and upload: what is kept, not what is read.
						expect(memory.stop()).toBeLessThan(bound);
						if (largeList && operation.parameters.returnAll) {
							for (const item of run.outputs.flat())
								expect(item.json.error).toMatch(/is too large to output: .* passed 128 MB, the most the node keeps/);
						}
						result = { outputs: run.outputs, error: run.error };
						// The engine never crashes: with Continue On Fail every item ends in an output.
						expect(run.error).toBeUndefined();
						const outputItems = run.outputs.flat();
						for (const item of outputItems) {
							// Every output item is a plain object, paired to one of the inputs.
							expect(typeof item.json === 'object' && item.json !== null && !Array.isArray(item.json)).toBe(true);
							expect(item.pairedItem).toEqual({ item: expect.any(Number) });
							expect((item.pairedItem as { item: number }).item).toBeLessThan(itemCount);
						}
						// The mask changes nothing but the secret: every string value of the output (but the node's
						// own error items) is byte for byte one the server sent, or that with the secret masked.
						const allowed = new Set([...sentStrings].map((text) => expectedMasked(text, token)));
						const isNodeError = (json: object) =>
							Object.keys(json).every((key) => key === 'error' || key === 'message') &&
							/\[item \d+\]$/.test(String((json as { error?: unknown }).error));
						for (const item of outputItems) {
							if (isNodeError(item.json)) continue;
							for (const text of stringsOf(item.json)) {
								if (!allowed.has(text) && !(largeList && isLargeListString(text)))
									throw new Error(`output string not as sent: ${JSON.stringify(text).slice(0, 300)}`);
							}
						}
						const paired = (i: number) =>
							outputItems.filter((item) => (item.pairedItem as { item: number }).item === i);
						for (let i = 0; i < itemCount; i++) {
							if (operation.list) {
								// A list item gives its records, or one error.
								const own = paired(i);
								expect(own.every((item) => !('error' in item.json)) || own.length === 1).toBe(true);
							} else expect(paired(i)).toHaveLength(1);
						}
						// No create is sent twice, except after an answer that said it was not processed.
						if (!operation.list) {
							const byItem = new Map<string, RecordedRequest[]>();
							for (const request of double().state.requests as RecordedRequest[]) {
								const item = itemOf(request);
								if (item) byItem.set(item, [...(byItem.get(item) ?? []), request]);
							}
							for (const [item, requests] of byItem) {
								for (const earlier of requests.slice(0, -1)) {
									if (!saidNotProcessed(earlier.answer))
										throw new Error(`${item} was sent again after ${JSON.stringify(earlier.answer)}`);
								}
							}
						}
					}

					// No 16 characters of the token's secret in what the user sees, nor in what n8n logs.
					const seen = JSON.stringify([result, logged], (_key, value: unknown) =>
						value instanceof Error
							? { message: value.message, description: (value as { description?: unknown }).description }
							: value,
					);
					const secret = token.slice(secretStart(token));
					for (let i = 0; i + 16 <= secret.length; i++) {
						if (seen.includes(secret.slice(i, i + 16))) throw new Error(`the JWT is in ${seen.slice(0, 2000)}`);
					}
					// Nothing reaches another host.
					expect(other.connections).toBe(0);
					// Everything ends in bounded time: per item, every try waits at most the Timeout, plus the
					// wait budget, backoffs and slack; a list reads at most one page per scripted answer, plus one.
					// A large list reads its 5 MB pages until the byte cap: 28 pages an item at most, each within a second.
					const pages = OPERATIONS[target]?.list ? answers.length + 1 + (largeList ? 28 * itemCount : 0) : 1;
					const tries = 1 + RETRIES + 2;
					const limitMs = editorOnly
						? 3 * 15_000 + 5_000
						: pages * (tries * TIMEOUT_S * 1000 + MAX_WAIT_S * 1000 + 3_000) + 5_000;
					expect(Date.now() - started).toBeLessThan(limitMs);
					// Memory stays bounded: no answer is held past 5 MB (a large list's pages: see its peak above).
					if (!largeList) expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
				}),
				{ numRuns: RUNS, seed: SEED, endOnFailure: true },
			);
		} finally {
			restore();
		}
	}, 600_000);
});
