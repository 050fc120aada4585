/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the test waits on a real clock to cancel a running execution */
import { runNode } from './harness/engine';
import { credentialsFor, items, until, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

const named = (count: number) => items(...Array.from({ length: count }, (_, i) => ({ company: `Company ${i}` })));
const parameters = (options: Record<string, number> = {}) =>
	whatsappParameters({ name: '={{ $json.company }}', options });
const creates = () => double().state.requests.filter((r) => r.path === '/v2/_new_assistants');

describe('bounded parallelism', () => {
	it('keeps output order and pairing while requests finish out of order, never above the limit', async () => {
		for (const [i, delayMs] of [
			[0, 300],
			[3, 200],
			[5, 120],
			[8, 60],
		]) {
			double().failWhen((r) => r.body?.name === `Company ${i}`, { kind: 'slow', delayMs });
		}
		const { outputs, error } = await runNode({
			node: { parameters: parameters({ parallelRequests: 4 }) },
			items: named(20),
			credentials: credentialsFor(double()),
		});

		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => [item.json.name, item.pairedItem])).toEqual(
			Array.from({ length: 20 }, (_, i) => [`Company ${i}`, { item: i }]),
		);
		expect(double().state.maxInFlight).toBe(4);
		expect(double().duplicateCreates()).toEqual([]);
	});

	it('sends one request at a time with Parallel Requests = 1', async () => {
		await runNode({
			node: { parameters: parameters({ parallelRequests: 1 }) },
			items: named(6),
			credentials: credentialsFor(double()),
		});
		expect(double().state.maxInFlight).toBe(1);
		expect(creates().map((r) => r.body.name)).toEqual(Array.from({ length: 6 }, (_, i) => `Company ${i}`));
	});

	it('keeps Continue On Fail per item: failures stay at their place, paired to their item', async () => {
		double().failWhen((r) => ['Company 2', 'Company 7'].includes(r.body?.name), {
			status: 400,
			body: { detail: 'Invalid configuration' },
			delayMs: 50,
		});
		const { outputs } = await runNode({
			node: { parameters: parameters({ parallelRequests: 5 }), onError: 'continueRegularOutput' },
			items: named(10),
			credentials: credentialsFor(double()),
		});
		expect(
			outputs[0].map((item) =>
				item.json.error ? `error ${item.pairedItem && (item.pairedItem as { item: number }).item}` : item.json.name,
			),
		).toEqual([
			'Company 0',
			'Company 1',
			'error 2',
			'Company 3',
			'Company 4',
			'Company 5',
			'Company 6',
			'error 7',
			'Company 8',
			'Company 9',
		]);
	});

	it('stops starting requests when the execution is cancelled', async () => {
		double().configure({ latencyMs: 100 });
		let startedBeforeCancel = 0;
		const { run } = await runNode({
			node: { parameters: parameters({ parallelRequests: 2 }) },
			items: named(40),
			credentials: credentialsFor(double()),
			// Cancelled once requests are going out (a set delay found none started on a busy machine).
			onStart: ({ cancel }) =>
				void until(() => creates().length >= 2).then(() => {
					startedBeforeCancel = creates().length;
					cancel();
				}),
		});
		// Time for a request wrongly started after the cancel to reach the double.
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(run.status).toBe('canceled');
		expect(startedBeforeCancel).toBeGreaterThan(0);
		expect(creates().length).toBeLessThanOrEqual(startedBeforeCancel + 2);
		expect(creates().length).toBeLessThan(40);
	});
});

describe('rate limits (HTTP 429)', () => {
	it('retries after Retry-After given in seconds, and the item is created once', async () => {
		double().failWhen((r) => r.body?.name === 'Company 1', {
			status: 429,
			body: { detail: 'Rate limit exceeded' },
			headers: { 'retry-after': '1' },
			times: 1,
		});
		const started = Date.now();
		const { outputs, error } = await runNode({
			node: { parameters: parameters() },
			items: named(3),
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(creates().filter((r) => r.body.name === 'Company 1')).toHaveLength(2);
		expect(
			double()
				.state.assistants.map((a) => a.name)
				.sort(),
		).toEqual(['Company 0', 'Company 1', 'Company 2']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('retries after Retry-After given as an HTTP date', async () => {
		const retryAt = new Date(Date.now() + 2000).toUTCString();
		double().failWhen((r) => r.body?.name === 'Company 0', {
			status: 429,
			headers: { 'retry-after': retryAt },
			body: { detail: 'slow down' },
			times: 1,
		});
		const started = Date.now();
		const { error } = await runNode({
			node: { parameters: parameters() },
			items: named(1),
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(creates()).toHaveLength(2);
		expect(double().state.assistants).toHaveLength(1);
	});

	it('backs off with jitter when there is no Retry-After, and retries 503 only with Retry-After', async () => {
		double().failWhen((r) => r.body?.name === 'Company 0', { status: 429, body: { detail: 'busy' }, times: 2 });
		double().failWhen((r) => r.body?.name === 'Company 1', {
			status: 503,
			body: { detail: 'maintenance' },
			headers: { 'retry-after': '0' },
			times: 1,
		});
		double().failWhen((r) => r.body?.name === 'Company 2', { status: 503, body: { detail: 'down' } });
		const { outputs } = await runNode({
			node: { parameters: parameters(), onError: 'continueRegularOutput' },
			items: named(3),
			credentials: credentialsFor(double()),
		});
		expect(
			creates()
				.map((r) => r.body.name)
				.sort(),
		).toEqual(['Company 0', 'Company 0', 'Company 0', 'Company 1', 'Company 1', 'Company 2']);
		expect(outputs[0].map((item) => item.json.error ?? item.json.name)).toEqual([
			'Company 0',
			'Company 1',
			'ContactSwing answered 503: down [item 2]',
		]);
	});

	it('fails the item with a clear message when the retries run out, the others go through', async () => {
		double().failWhen((r) => r.body?.name === 'Company 1', {
			status: 429,
			body: { detail: 'Rate limit exceeded' },
			headers: { 'retry-after': '0' },
		});
		const { outputs } = await runNode({
			node: { parameters: parameters({ rateLimitRetries: 2 }), onError: 'continueRegularOutput' },
			items: named(3),
			credentials: credentialsFor(double()),
		});
		expect(creates().filter((r) => r.body.name === 'Company 1')).toHaveLength(3);
		expect(outputs[0][1].json).toEqual({
			// Retry-After 0 is not obeyed: the jittered backoff (0.25–0.5 s, then 0.5–1 s) is waited out instead.
			error: expect.stringMatching(
				/^ContactSwing rate-limited this request \(429: Rate limit exceeded\) and still did after 2 retries over [12] s \[item 1\]$/,
			),
			message: expect.stringContaining('Lower "Options → Parallel Requests"'),
		});
		expect(outputs[0][0].json.name).toBe('Company 0');
		expect(outputs[0][2].json.name).toBe('Company 2');
	});

	it('does not wait longer than Max Rate Limit Wait', async () => {
		double().failWhen(() => true, {
			status: 429,
			body: { detail: 'Rate limit exceeded' },
			headers: { 'retry-after': '30' },
		});
		const started = Date.now();
		const { error } = await runNode({
			node: { parameters: parameters({ maxRateLimitWait: 5 }) },
			items: named(1),
			credentials: credentialsFor(double()),
		});
		expect(Date.now() - started).toBeLessThan(5000);
		expect(error?.message).toBe(
			'ContactSwing rate-limited this request (429: Rate limit exceeded) and still did after 0 retries over 0 s [item 0]',
		);
		expect(creates()).toHaveLength(1);
	});

	it('counts the time held at the shared pause against Max Rate Limit Wait', async () => {
		// A's 429 holds the execution for 1 s; C starts during that pause and waits ~0.8 s, then gets
		// its own 429 asking for 1 s more: 1.8 s in all, past the 1.5 s bound, so C fails right there.
		double().failWhen((r) => r.body?.name === 'Company 0', {
			status: 429,
			body: { detail: 'slow down' },
			headers: { 'retry-after': '1' },
			times: 1,
		});
		double().failWhen((r) => r.body?.name === 'Company 1', { kind: 'slow', delayMs: 200 });
		double().failWhen((r) => r.body?.name === 'Company 2', {
			status: 429,
			body: { detail: 'slow down' },
			headers: { 'retry-after': '1' },
			times: 1,
		});
		const started = Date.now();
		const { outputs } = await runNode({
			node: {
				parameters: parameters({ parallelRequests: 2, maxRateLimitWait: 1.5 }),
				onError: 'continueRegularOutput',
			},
			items: named(3),
			credentials: credentialsFor(double()),
		});
		expect(outputs[0].map((item) => item.json.error ?? item.json.name)).toEqual([
			'Company 0',
			'Company 1',
			'ContactSwing rate-limited this request (429: slow down) and still did after 0 retries over 1 s [item 2]',
		]);
		expect(creates().filter((r) => r.body.name === 'Company 2')).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(1700);
	});

	it('fails an item that would wait at the shared pause longer than Max Rate Limit Wait, without sending it', async () => {
		double().failWhen((r) => r.body?.name === 'Company 0', {
			status: 429,
			body: { detail: 'slow down' },
			headers: { 'retry-after': '5' },
		});
		const { outputs } = await runNode({
			node: { parameters: parameters({ parallelRequests: 1, maxRateLimitWait: 2 }), onError: 'continueRegularOutput' },
			items: named(2),
			credentials: credentialsFor(double()),
		});
		expect(outputs[0].map((item) => item.json.error)).toEqual([
			'ContactSwing rate-limited this request (429: slow down) and still did after 0 retries over 0 s [item 0]',
			'ContactSwing is rate-limiting this execution longer than Max Rate Limit Wait (2 s) allows for this item (0 waiting ahead, pace: none, hold: 5 s) [item 1]',
		]);
		expect(creates().map((r) => r.body.name)).toEqual(['Company 0']);
	});

	it('after a 429, no request of the execution starts before the Retry-After time', async () => {
		// Company 0 is told to wait 1 s; the others are slow, so their workers come back for new
		// items while that second runs. Those new items must wait too.
		double().failWhen((r) => r.body?.name === 'Company 0', {
			status: 429,
			body: { detail: 'slow down' },
			headers: { 'retry-after': '1' },
			times: 1,
		});
		double().failWhen((r) => r.body?.name !== 'Company 0', { kind: 'slow', delayMs: 200 });
		const { error } = await runNode({
			node: { parameters: parameters({ parallelRequests: 3 }) },
			items: named(6),
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		const limited = creates().find((r) => r.status === 429)!;
		const startedAfter = creates().filter((r) => r.receivedAt > limited.answeredAt! + 20);
		// Companies 1 and 2 go out with Company 0, or, on a busy machine, only after its 429: either
		// way, nothing that comes after the 429 starts before its Retry-After.
		expect(startedAfter.map((r) => r.body.name)).toEqual(
			expect.arrayContaining(['Company 0', 'Company 3', 'Company 4', 'Company 5']),
		);
		for (const request of startedAfter) expect(request.receivedAt - limited.answeredAt!).toBeGreaterThanOrEqual(950);
		expect(double().state.assistants).toHaveLength(6);
	});

	it('creates every item against a rate-limited API, each once', async () => {
		double().configure({ rateLimit: { limit: 5, windowMs: 1000 } });
		const { outputs, error } = await runNode({
			node: { parameters: parameters({ parallelRequests: 10 }) },
			items: named(12),
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(12);
		expect(outputs[0].every((item) => item.json.assistant_id)).toBe(true);
		expect(double().state.assistants).toHaveLength(12);
		expect(double().duplicateCreates()).toEqual([]);
		expect(double().state.rateLimited).toBeGreaterThan(0);
	});
});
