/* eslint-disable @n8n/community-nodes/no-restricted-globals -- waits for the double to finish a slow request */
/**
 * The fault matrix of docs/reliability.md: for every way the network or the API can fail, what the node
 * does and what the user sees. Each row runs three items with Continue On Fail; the fault hits the
 * middle one, the others must go through, and no item may ever produce two creates.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { loadOptions, runNode } from './harness/engine';
import type { Double } from './harness/fixtures';
import { credentialsFor, FAKE_JWT, items, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

type Fault = Parameters<Double['failWhen']>[1];

const UNKNOWN_OUTCOME = 'The outcome is unknown';

const matrix: Array<{
	fault: string;
	reply: Fault;
	sends: number;
	created: number;
	error: string | RegExp;
	details: string;
}> = [
	{
		fault: '400 with a FastAPI detail',
		reply: { status: 400, body: { detail: 'Invalid configuration' } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 400: Invalid configuration [item 1]',
		details: 'Check the fields named in the message',
	},
	{
		fault: '401',
		reply: { status: 401, body: { detail: 'Token expired' } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 401: Token expired [item 1]',
		details: 'renew the token',
	},
	{
		fault: '403',
		reply: { status: 403, body: { detail: 'Not allowed' } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 403: Not allowed [item 1]',
		details: 'not allowed to do this',
	},
	{
		fault: '404',
		reply: { status: 404, body: { detail: 'Not Found' } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 404: Not Found [item 1]',
		details: 'Base URL',
	},
	{
		fault: '409',
		reply: { status: 409, body: { detail: 'Assistant exists' } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 409: Assistant exists [item 1]',
		details: 'conflict',
	},
	{
		fault: '422 with a validation list',
		reply: { status: 422, body: { detail: [{ loc: ['body', 'name'], msg: 'too long' }] } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 422: name: too long [item 1]',
		details: 'could not process',
	},
	{
		fault: '429 that never clears',
		reply: { status: 429, body: { detail: 'Too many requests' }, headers: { 'retry-after': '0' } },
		sends: 3,
		created: 0,
		// Retry-After 0 is not obeyed: the jittered backoff (0.25–0.5 s, then 0.5–1 s) is waited out instead.
		error:
			/^ContactSwing rate-limited this request \(429: Too many requests\) and still did after 2 retries over [12] s \[item 1\]$/,
		details: 'Nothing was created',
	},
	{
		fault: '500',
		reply: { status: 500, body: { detail: 'Internal Server Error' } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 500: Internal Server Error [item 1]',
		details: 'may or may not have been carried out',
	},
	{
		fault: '502 with an HTML page',
		reply: { status: 502, body: '<html><h1>502 Bad Gateway</h1></html>' },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 502: non-JSON response: <html><h1>502 Bad Gateway</h1></html> [item 1]',
		details: 'may or may not have been carried out',
	},
	{
		fault: '503 without Retry-After',
		reply: { status: 503, body: { detail: 'Service Unavailable' } },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 503: Service Unavailable [item 1]',
		details: 'may or may not have been carried out',
	},
	{
		fault: '504 with an empty body',
		reply: { status: 504 },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 504: no details in the response [item 1]',
		details: 'may or may not have been carried out',
	},
	{
		fault: '201 with malformed JSON',
		reply: { status: 201, raw: '{"ctx_id": "abc", "data": {"assistant_' },
		sends: 1,
		created: 0,
		error:
			/^ContactSwing answered 201 but the response could not be read \(non-JSON response: \{"ctx_id".*\) \[item 1\]$/,
		details: 'probably carried out',
	},
	{
		fault: '201 with an empty body',
		reply: { status: 201 },
		sends: 1,
		created: 0,
		error: 'ContactSwing answered 201 but the response could not be read (an empty response) [item 1]',
		details: 'probably carried out',
	},
	{
		fault: 'an answer slower than the timeout',
		reply: { kind: 'slow', delayMs: 1500 },
		sends: 1,
		created: 1,
		error: 'No response from ContactSwing: no answer within 0.5 s [item 1]',
		details: UNKNOWN_OUTCOME,
	},
	{
		fault: 'a reset before the request is read',
		reply: { kind: 'reset-before' },
		sends: 1,
		created: 0,
		error: 'No response from ContactSwing: the connection was closed before an answer arrived [item 1]',
		details: UNKNOWN_OUTCOME,
	},
	{
		fault: 'a reset after the agent was created',
		reply: { kind: 'reset-after' },
		sends: 1,
		created: 1,
		error: 'No response from ContactSwing: the connection was closed before an answer arrived [item 1]',
		details: UNKNOWN_OUTCOME,
	},
	{
		// Read ECONNRESET, not "socket hang up": a create is no upload, so its outcome stays unknown.
		fault: 'a reset (RST) after the agent was created',
		reply: { kind: 'abort-after' },
		sends: 1,
		created: 1,
		error: 'No response from ContactSwing: the connection was closed before an answer arrived [item 1]',
		details: UNKNOWN_OUTCOME,
	},
];

describe('fault matrix (POST /v2/_new_assistants)', () => {
	it.each(matrix)('$fault', async ({ reply, sends, created, error, details }) => {
		double().failWhen((r) => r.body?.name === 'Faulty', reply);
		const { outputs, run } = await runNode({
			node: {
				// A short Timeout only where the row is about the Timeout: elsewhere a busy machine could hit it first.
				parameters: whatsappParameters({
					name: '={{ $json.name }}',
					options: { timeout: reply.kind === 'slow' ? 0.5 : 60, rateLimitRetries: 2 },
				}),
				onError: 'continueRegularOutput',
			},
			items: items({ name: 'Before' }, { name: 'Faulty' }, { name: 'After' }),
			credentials: credentialsFor(double()),
		});
		// A slow answer is still processed by the server after the node gave up waiting.
		await new Promise((resolve) => setTimeout(resolve, (reply.delayMs ?? 0) + 50));

		const [before, faulty, after] = outputs[0];
		expect(before.json.name).toBe('Before');
		expect(after.json.name).toBe('After');
		expect(faulty.pairedItem).toEqual({ item: 1 });
		if (typeof error === 'string') expect(faulty.json.error).toBe(error);
		else expect(faulty.json.error).toMatch(error);
		expect(faulty.json.message).toContain(details);

		// Creates are never retried on timeouts, resets or 5xx; only the 429 row repeats.
		expect(double().state.requests.filter((r) => r.body?.name === 'Faulty')).toHaveLength(sends);
		expect(double().state.assistants.filter((a) => a.name === 'Faulty')).toHaveLength(created);
		expect(double().duplicateCreates()).toEqual([]);
		expect(JSON.stringify(run)).not.toContain(FAKE_JWT);
	});

	it('a connection refused says nothing was created', async () => {
		const { outputs } = await runNode({
			node: { parameters: whatsappParameters(), onError: 'continueRegularOutput' },
			items: items({}),
			credentials: { token: FAKE_JWT, baseUrl: 'http://127.0.0.1:1' },
		});
		expect(outputs[0][0].json).toEqual({
			error: 'No response from ContactSwing: the connection was refused [item 0]',
			message: expect.stringContaining('nothing was created'),
		});
	});

	it('stops the run on a fault without Continue On Fail, with the same message', async () => {
		double().failWhen(() => true, { kind: 'reset-after' });
		const { error } = await runNode({
			node: { parameters: whatsappParameters() },
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toBe(
			'No response from ContactSwing: the connection was closed before an answer arrived [item 0]',
		);
		expect(error?.description).toContain(UNKNOWN_OUTCOME);
		expect(double().state.assistants).toHaveLength(1);
		expect(double().state.requests).toHaveLength(1);
	});
});

describe('reads (GET) are retried, with a bound', () => {
	// The node's reads; an editor dropdown does not retry (it cannot be cancelled, so it gives up soon).
	const actionList = { parameters: { resource: 'action', operation: 'getAll', returnAll: true } };

	it.each([
		['a 502', { status: 502, body: 'Bad Gateway' } as Fault],
		['a reset', { kind: 'reset-before' } as Fault],
	])('Action → Get Many survives %s', async (_case, fault) => {
		double().failWhen((r) => r.method === 'GET', { ...fault, times: 2 });
		const { outputs, error } = await runNode({
			node: actionList,
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(12);
		expect(double().state.requests).toHaveLength(3);
	});

	it('gives up after two retries', async () => {
		double().failWhen((r) => r.method === 'GET', { status: 500, body: { detail: 'boom' } });
		const { error } = await runNode({ node: actionList, items: items({}), credentials: credentialsFor(double()) });
		expect(error?.message).toBe('ContactSwing answered 500: boom [item 0]');
		expect(double().state.requests).toHaveLength(3);
	});

	it('the actions dropdown does not retry: it fails at once, saying why', async () => {
		double().failWhen((r) => r.method === 'GET', { status: 500, body: { detail: 'boom' } });
		await expect(
			loadOptions('getActions', { node: { parameters: whatsappParameters() }, credentials: credentialsFor(double()) }),
		).rejects.toMatchObject({ message: 'ContactSwing answered 500: boom' });
		expect(double().state.requests).toHaveLength(1);
	});
});

describe('10,000 items with 5 % injected failures, Continue On Fail', () => {
	it('creates exactly the 9,500 good ones and pairs every error to its item', async () => {
		const count = 10_000;
		const failing = (i: number) => i % 20 === 7;
		double().failWhen((r) => failing(Number(String(r.body?.name).slice(6))), {
			status: 500,
			body: { detail: 'Injected failure' },
		});
		const input: INodeExecutionData[] = Array.from({ length: count }, (_, i) => ({ json: { name: `Agent ${i}` } }));

		const { outputs, error } = await runNode({
			node: {
				parameters: whatsappParameters({ name: '={{ $json.name }}', options: { parallelRequests: 20 } }),
				onError: 'continueRegularOutput',
			},
			items: input,
			credentials: credentialsFor(double()),
		});

		expect(error).toBeUndefined();
		const output = outputs[0];
		expect(output).toHaveLength(count);
		const errors = output.filter((item) => item.json.error);
		const failingCount = count / 20; // one in twenty: i % 20 === 7
		expect(errors).toHaveLength(failingCount);
		expect(output.filter((item) => item.json.assistant_id)).toHaveLength(count - failingCount);
		output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			if (failing(i)) expect(item.json.error).toBe(`ContactSwing answered 500: Injected failure [item ${i}]`);
			else expect(item.json.name).toBe(`Agent ${i}`);
		});
		expect(double().state.assistants).toHaveLength(9_500);
		expect(double().state.requests).toHaveLength(count);
		expect(double().duplicateCreates()).toEqual([]);
		expect(double().state.violations).toEqual([]);
	}, 120_000);
});
