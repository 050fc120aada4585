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

const TOKEN = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}\.[A-Za-z0-9_-]{12,120}\.[A-Za-z0-9_-]{12,60}$/);

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

function faultFor(answer: Answer, request: RecordedRequest): Fault {
	request.answer = answer;
	const body = bodyFor(answer, request);
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
		});
		try {
			await fc.assert(
				fc.asyncProperty(scenario, async ({ token, script, target, onError, itemCount }) => {
					double().reset();
					logged.length = 0;
					// Every run is another account: what one run teaches the shared limiter is not the next one's.
					double().state.token = token;
					const credentials = { token, baseUrl: double().url };
					const editorOnly = target === 'Actions dropdown' || target === 'Customer search' || target === 'Test';
					// An editor dropdown waits 15 s and the Test waits as n8n does: no trickles there.
					const answers = editorOnly ? script.filter((answer) => answer.kind !== 'trickle') : script;
					let turn = 0;
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
						const operation = OPERATIONS[target];
						const input = Array.from({ length: itemCount }, (_, i) => operation.item(i));
						const run = await runNode({
							node: { parameters: operation.parameters, onError: onError as 'continueRegularOutput' },
							items: input,
							credentials,
						});
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

					// No 16 characters of the JWT in what the user sees, nor in what n8n logs.
					const seen = JSON.stringify([result, logged], (_key, value: unknown) =>
						value instanceof Error
							? { message: value.message, description: (value as { description?: unknown }).description }
							: value,
					);
					for (let i = 0; i + 16 <= token.length; i++) {
						if (seen.includes(token.slice(i, i + 16))) throw new Error(`the JWT is in ${seen.slice(0, 2000)}`);
					}
					// Nothing reaches another host.
					expect(other.connections).toBe(0);
					// Everything ends in bounded time: per item, every try waits at most the Timeout, plus the
					// wait budget, backoffs and slack; a list reads at most one page per scripted answer, plus one.
					const pages = OPERATIONS[target]?.list ? answers.length + 1 : 1;
					const tries = 1 + RETRIES + 2;
					const limitMs = editorOnly
						? 3 * 15_000 + 5_000
						: pages * (tries * TIMEOUT_S * 1000 + MAX_WAIT_S * 1000 + 3_000) + 5_000;
					expect(Date.now() - started).toBeLessThan(limitMs);
					// Memory stays bounded: no answer is held past 5 MB.
					expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
				}),
				{ numRuns: RUNS, seed: SEED, endOnFailure: true },
			);
		} finally {
			restore();
		}
	}, 600_000);
});
