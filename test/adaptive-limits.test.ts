/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the test waits out a rate-limit window on a real clock */
/**
 * The account limiter (transport/limiter/limiter.ts), pinned in n8n's engine against the double: the
 * ceiling, the back-off and recovery on 429s, the documented per-endpoint limits, and one limiter
 * per account shared by executions and keyed by a hash of the token. Behaviour, not timings: the
 * bounds are the limiter's own rules, with room for a slow machine. What depends on how fast the
 * machine answers (the window reaching its ceiling, the learned rate) is checked on a simulated
 * clock in limiter.test.ts, where a busy machine cannot change it.
 */
import { createHash } from 'node:crypto';

import { Cancellation } from '../nodes/ContactSwing/transport/cancellation';
import { accountKey, accounts } from '../nodes/ContactSwing/transport/limiter/accounts';
import { AccountLimiter } from '../nodes/ContactSwing/transport/limiter/limiter';
import { MAX_WAITING_EXECUTIONS, waitingExecutions } from '../nodes/ContactSwing/transport/limiter/waiting';
import { loadOptions, runNode } from './harness/engine';
import { credentialsFor, FAKE_JWT, items, until, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

const named = (count: number, prefix = 'Company') =>
	items(...Array.from({ length: count }, (_, i) => ({ company: `${prefix} ${i}` })));
const createAgents = (count: number, options: Record<string, number> = {}, prefix?: string) =>
	runNode({
		node: { parameters: whatsappParameters({ name: '={{ $json.company }}', options }) },
		items: named(count, prefix),
		credentials: credentialsFor(double()),
	});
/** A turn the limiter gave: these tests wait without a budget, so a refusal is a failure. */
function granted(turn: Awaited<ReturnType<AccountLimiter['take']>>) {
	if ('refused' in turn) throw new Error(`refused: ${JSON.stringify(turn)}`);
	return turn;
}
const creates = () => double().state.requests.filter((r) => r.path === '/v2/_new_assistants');
const limited = () => creates().filter((r) => r.status === 429);

describe('adaptive parallelism', () => {
	it('never goes above Parallel Requests, the ceiling', async () => {
		double().configure({ latencyMs: 20 });
		const { outputs, error } = await createAgents(80, { parallelRequests: 16 });
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(80);
		expect(double().state.maxInFlight).toBeLessThanOrEqual(16);
		expect(double().state.maxInFlight).toBeGreaterThan(1);
	});

	it('starts at 10 in flight: the 11th request waits for an answer (climbing to 100: limiter.test.ts)', async () => {
		double().configure({ latencyMs: 100 });
		const { error } = await createAgents(200);
		expect(error).toBeUndefined();
		const sent = creates();
		const firstAnswer = Math.min(...sent.slice(0, 10).map((r) => r.answeredAt!));
		expect(sent[10].receivedAt).toBeGreaterThanOrEqual(firstAnswer);
		expect(double().state.maxInFlight).toBeLessThanOrEqual(100);
	});

	it('keeps output order and pairing while the window changes and answers come back out of order', async () => {
		double().configure({ latencyMs: 10 });
		for (const i of [0, 7, 33])
			double().failWhen((r) => r.body?.name === `Company ${i}`, { kind: 'slow', delayMs: 150 });
		const { outputs, error } = await createAgents(60);
		expect(error).toBeUndefined();
		expect(outputs[0].map((item) => [item.json.name, item.pairedItem])).toEqual(
			Array.from({ length: 60 }, (_, i) => [`Company ${i}`, { item: i }]),
		);
		expect(double().duplicateCreates()).toEqual([]);
	});
});

describe('backing off on 429 and recovering', () => {
	it('after the first 429 paces under the rate the API accepted, with 429s only from the first burst', async () => {
		double().configure({ latencyMs: 20, rateLimit: { limit: 10, windowMs: 1000 } });
		const { outputs, error } = await createAgents(40);
		expect(error).toBeUndefined();
		expect(outputs[0].every((item) => item.json.assistant_id)).toBe(true);
		expect(double().state.assistants).toHaveLength(40);
		expect(double().duplicateCreates()).toEqual([]);

		expect(limited().length).toBeGreaterThan(0);
		// Paced at 95 % of the 10 a second it accepted (never more than 10 in any second after it: on
		// the simulated clock, in limiter.test.ts; arrival times here bunch when the machine is busy).
		// The 429s are the first burst's, not one per item: at most the window in flight when the
		// first 429 came back (the initial 10, grown by a request for each of the 10 accepted: slow start).
		expect(limited().length).toBeLessThanOrEqual(20);
		// Under the 10 a second accepted: 9.5, or 10 % slower per later round of 429s, which a busy
		// machine can cause by firing the pace's timers late (the exact 9.5 is proven in limiter.test.ts).
		const limiter = accounts.limiterFor(accountKey(double().url, FAKE_JWT));
		expect(1000 / limiter.intervalMs).toBeLessThanOrEqual(9.5 + 1e-9);
		expect(1000 / limiter.intervalMs).toBeGreaterThan(6);
	});

	it('halves the window once per round of 429s, then grows it back one request per window of answers', async () => {
		const limiter = new AccountLimiter();
		const take = async () => granted(await limiter.take('POST', '/v2/_new_assistants', 0, new Cancellation()));
		const slots = await Promise.all(Array.from({ length: 10 }, take));
		for (const slot of slots) limiter.answered(slot);
		expect(limiter.window.size).toBe(20); // doubling each round trip while below the threshold
		const burst = await Promise.all(Array.from({ length: 20 }, take));
		expect(limiter.window.taken).toBe(20);
		// The whole burst is answered 429 with no wait asked: one cut for the round, not fifteen.
		for (const slot of burst) limiter.limited(slot, 0);
		expect(limiter.window.size).toBe(10);
		expect(limiter.window.taken).toBe(0);
		// Answered as they go out (the cut also set a pace from the 10 accepted in the last second).
		for (let i = 0; i < 10; i++)
			limiter.answered(granted(await limiter.take('POST', '/v2/_new_assistants', Infinity, new Cancellation())));
		// Past the threshold the cut set, it grows by about one request per window's worth of answers.
		expect(limiter.window.size).toBeGreaterThan(10.9);
		expect(limiter.window.size).toBeLessThan(11);
	});

	it('probes the pace back up: to just under the rate of the 429 after 5 s, past it after 30 s without one', async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		try {
			const limiter = new AccountLimiter();
			/** One request: its turn (waiting out the gate and the pace on the fake clock), its answer, a pause. */
			const send = async (answer: 'ok' | 429, pauseMs = 0) => {
				let slot: ReturnType<typeof granted> | undefined;
				void limiter
					.take('POST', '/v2/_new_assistants', Infinity, new Cancellation())
					.then((taken) => (slot = granted(taken)));
				while (!slot) await jest.advanceTimersByTimeAsync(5);
				if (answer === 429) limiter.limited(slot, 1000);
				else limiter.answered(slot);
				await jest.advanceTimersByTimeAsync(pauseMs);
			};
			const rate = () => 1000 / limiter.intervalMs;
			for (let i = 0; i < 10; i++) await send('ok', 100); // 10 accepted, one every 100 ms…
			await send(429); // …then the server says no
			// 95 % of what it accepted: 10 in the second or so before the 429.
			expect(rate()).toBeGreaterThan(8.5);
			expect(rate()).toBeLessThan(9.5);
			const learned = rate();

			const sendFor = async (ms: number) => {
				const until = Date.now() + ms;
				while (Date.now() < until) await send('ok');
			};
			await sendFor(7000);
			expect(rate()).toBeGreaterThan(learned);
			// Up to 98 % of the rate the 429 came at, no further: a known limit is not retested yet.
			expect(rate()).toBeCloseTo((learned / 0.95) * 0.98, 5);
			await sendFor(30_000);
			expect(rate()).toBeGreaterThan(10); // 30 s without a 429: probing past it
			const probed = rate();
			await send(429);
			expect(rate()).toBeLessThanOrEqual(0.9 * probed + 0.01);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe("ContactSwing's documented limits hold from the first request", () => {
	it('Call → Start: at most 10 calls a minute, without a single 429 needed', async () => {
		const { outputs } = await runNode({
			node: {
				parameters: {
					resource: 'call',
					operation: 'start',
					phoneNumber: '+1234567890',
					agentId: 'agent_123',
					options: { maxRateLimitWait: 1 },
				},
				onError: 'continueRegularOutput',
			},
			items: items(...Array.from({ length: 12 }, () => ({}))),
			credentials: credentialsFor(double()),
		});
		const calls = double().state.requests.filter((r) => r.path === '/v2/_call');
		expect(calls).toHaveLength(10);
		expect(calls.every((r) => r.status === 200)).toBe(true);
		expect(outputs[0].slice(0, 10).every((item) => item.json.status === 'queued')).toBe(true);
		expect(outputs[0].slice(10).map((item) => item.json.error)).toEqual([
			'ContactSwing is rate-limiting this execution longer than Max Rate Limit Wait (1 s) allows for this item (0 waiting ahead, pace: none, hold: 60 s) [item 10]',
			'ContactSwing is rate-limiting this execution longer than Max Rate Limit Wait (1 s) allows for this item (0 waiting ahead, pace: none, hold: 60 s) [item 11]',
		]);
	});

	it('Call → Get Many: at most 30 reads of the call list a minute', async () => {
		const { outputs } = await runNode({
			node: {
				parameters: { resource: 'call', operation: 'getAll', limit: 1, options: { maxRateLimitWait: 1 } },
				onError: 'continueRegularOutput',
			},
			items: items(...Array.from({ length: 31 }, () => ({}))),
			credentials: credentialsFor(double()),
		});
		expect(double().state.requests.filter((r) => r.path === '/v2/_calls')).toHaveLength(30);
		// One item fails, the one whose turn came 31st: the last, or on a busy machine the one before
		// it (sends a millisecond apart may leave in either order).
		const failed = outputs[0].filter((output) => output.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toMatch(/longer than Max Rate Limit Wait \(1 s\).*\[item (29|30)\]$/);
	});
});

/** Teaches the account a pace of about 3 sends a second (the double's limit), then lifts the limit. */
const learnPace = async () => {
	double().configure({ latencyMs: 10, rateLimit: { limit: 3, windowMs: 1000 } });
	await createAgents(9, {}, 'Learn');
	double().configure({ rateLimit: undefined });
	const { intervalMs } = accounts.limiterFor(accountKey(double().url, FAKE_JWT));
	expect(intervalMs).toBeGreaterThan(250);
	return intervalMs;
};

describe('a refused or cancelled request gives back its pace turn (issue 29)', () => {
	it('the fail-fast account recovers: after 60 items refused at Max Rate Limit Wait 0, a default run sends at the learned pace', async () => {
		const intervalMs = await learnPace();
		const failFast = await runNode({
			node: {
				parameters: whatsappParameters({ name: '={{ $json.company }}', options: { maxRateLimitWait: 0 } }),
				onError: 'continueRegularOutput',
			},
			items: named(60, 'Fast'),
			credentials: credentialsFor(double()),
		});
		expect(failFast.outputs[0].filter((item) => item.json.error).length).toBeGreaterThan(40);
		// Before, every refusal moved the next turn one pace further: the next run waited 60 paces (about 20 s).
		const startedAt = Date.now();
		const next = await createAgents(3, {}, 'Next');
		expect(next.outputs[0].every((item) => item.json.assistant_id)).toBe(true);
		const sent = creates().filter((r) => String(r.body?.name).startsWith('Next'));
		expect(sent[0].receivedAt - startedAt).toBeLessThan(intervalMs + 1000);
		expect(sent[2].receivedAt - startedAt).toBeLessThan(3 * intervalMs + 1000);
	});

	it('a cancelled pace waiter hands its turn on: the next in line goes at the turn it gave back', async () => {
		const intervalMs = await learnPace();
		await createAgents(1, {}, 'Last'); // its send starts the pace's count
		const lastAt = creates().at(-1)!.receivedAt;
		let cancel = () => {};
		// Two items wait for the next two turns; a third execution's item waits behind them.
		const cancelled = runNode({
			node: { parameters: whatsappParameters({ name: '={{ $json.company }}' }) },
			items: named(2, 'Cancelled'),
			credentials: credentialsFor(double()),
			onStart: (execution) => (cancel = execution.cancel),
		});
		await new Promise((resolve) => setTimeout(resolve, 50));
		const behind = createAgents(1, {}, 'Behind');
		await new Promise((resolve) => setTimeout(resolve, 50));
		cancel();
		await cancelled;
		expect((await behind).outputs[0][0].json.assistant_id).toBeDefined();
		const sent = creates().filter((r) => String(r.body?.name).startsWith('Behind'));
		expect(creates().filter((r) => String(r.body?.name).startsWith('Cancelled'))).toEqual([]);
		// Its turn was the third after the last send; the two it waited behind gave theirs back.
		expect(sent[0].receivedAt - lastAt).toBeLessThan(2 * intervalMs);
	});
});

describe('keeping up with a server that mostly accepts (issue 32)', () => {
	it('sporadic 429s at 5 % (Retry-After 1 s) are waited out, but teach no slower pace: it stays at what the server accepts', async () => {
		double().configure({ latencyMs: 20 });
		let count = 0;
		double().failWhen((r) => r.path === '/v2/_new_assistants' && ++count % 20 === 0, {
			status: 429,
			body: { detail: 'Too many requests' },
			headers: { 'retry-after': '1' },
		});
		const startedAt = Date.now();
		const { outputs } = await createAgents(120);
		expect(outputs[0].every((item) => item.json.assistant_id)).toBe(true);
		const limiter = accounts.limiterFor(accountKey(double().url, FAKE_JWT));
		// Within 10 % of the rate accepted: no pace at all, as the server accepted 95 % at full speed.
		expect(limiter.intervalMs).toBe(0);
		expect(limiter.window.size).toBeGreaterThanOrEqual(10);
		// Each 429 holds the account its 1 s; between holds the backlog goes out as fast as the window allows.
		expect(Date.now() - startedAt).toBeLessThan(limited().length * 1000 + 3000);
	});
});

describe('shedding what cannot be served in time (issue 32)', () => {
	it('an item whose wait cannot fit Max Rate Limit Wait fails at once, with the figures; the others go through', async () => {
		const intervalMs = await learnPace();
		const startedAt = Date.now();
		const { outputs } = await runNode({
			node: {
				parameters: whatsappParameters({ name: '={{ $json.company }}', options: { maxRateLimitWait: 2 } }),
				onError: 'continueRegularOutput',
			},
			items: named(40, 'Shed'),
			credentials: credentialsFor(double()),
		});
		const created = outputs[0].filter((item) => item.json.assistant_id);
		const shed = outputs[0].filter((item) => item.json.error);
		// About 2 s of turns at the pace went through; the rest were refused before any wait.
		expect(created.length).toBeGreaterThanOrEqual(Math.floor(2000 / intervalMs));
		expect(created.length + shed.length).toBe(40);
		expect(String(shed[0].json.error)).toMatch(
			/longer than Max Rate Limit Wait \(2 s\) allows for this item \(\d+ waiting ahead, pace: one every \d+ ms, hold: 0 s\)/,
		);
		expect(Date.now() - startedAt).toBeLessThan(2000 + 1500);
		expect(double().state.assistants.filter((a) => String(a.name).startsWith('Shed'))).toHaveLength(created.length);
	});
});

describe(`a flood on a lasting rate limit holds at most ${MAX_WAITING_EXECUTIONS} executions waiting (issue 32)`, () => {
	const run = (prefix: string, count: number, continueOnFail = true) =>
		runNode({
			node: {
				parameters: whatsappParameters({ name: '={{ $json.company }}' }),
				...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
			items: named(count, prefix),
			credentials: credentialsFor(double()),
		});
	const tooMany = (retryAfter: string) => ({
		status: 429,
		body: { detail: 'Too many requests' },
		headers: { 'retry-after': retryAfter },
	});
	const createdBy = (prefix: string) =>
		double().state.assistants.filter((assistant) => String(assistant.name).startsWith(prefix));
	/** One execution held by a 429 of 10 s and enough others waiting behind it to fill the bound, each of `items`. */
	const fillTheBound = async (items: number) => {
		let first = true;
		double().failWhen((r) => r.path === '/v2/_new_assistants' && first && !(first = false), tooMany('10'));
		const held = run('Held', 1);
		await until(() => limited().length === 1);
		const waiting = Array.from({ length: MAX_WAITING_EXECUTIONS - 1 }, (_, i) => run(`Waiting ${i} `, items));
		await until(() => waitingExecutions.size === MAX_WAITING_EXECUTIONS);
		return [held, ...waiting];
	};

	it('past the bound, an execution that would wait out a hold fails at once with the figures (its items as errors with Continue On Fail); those waiting are created', async () => {
		const waiting = await fillTheBound(2);
		const startedAt = Date.now();
		const [past, stopped] = await Promise.all([run('Past', 3), run('Stopped', 1, false)]);
		// At once, not at the end of the hold (about 10 s after the 429).
		expect(Date.now() - startedAt).toBeLessThan(3000);
		const message = new RegExp(
			`^ContactSwing is rate-limiting this account, and ${MAX_WAITING_EXECUTIONS} executions already wait for rate limits in this n8n \\(the node lets at most ${MAX_WAITING_EXECUTIONS} wait at once\\), so this item fails without waiting \\(\\d+ waiting ahead, pace: none, hold: \\d+ s\\) \\[item \\d\\]$`,
		);
		expect(past.error).toBeUndefined();
		expect(past.outputs[0]).toHaveLength(3);
		for (const [index, item] of past.outputs[0].entries()) {
			expect(String(item.json.error)).toMatch(message);
			expect(String(item.json.message)).toMatch(/N8N_CONCURRENCY_PRODUCTION_LIMIT.*Max Rate Limit Wait/);
			expect(item.pairedItem).toEqual({ item: index });
		}
		expect(stopped.error?.message).toMatch(message);
		const rest = await Promise.all(waiting);
		expect(rest.flatMap(({ outputs }) => outputs[0]).filter((item) => !item.json.assistant_id)).toEqual([]);
		expect(createdBy('Waiting')).toHaveLength(2 * (MAX_WAITING_EXECUTIONS - 1));
		expect([createdBy('Past'), createdBy('Stopped')]).toEqual([[], []]);
		expect(waitingExecutions.size).toBe(0);
	});

	it('an editor dropdown is no execution: past the bound it waits out the hold (within its own 15 s) and lists the actions', async () => {
		const waiting = await fillTheBound(1);
		const actions = loadOptions('getActions', {
			node: { parameters: whatsappParameters() },
			credentials: credentialsFor(double()),
		});
		expect(((await actions) as unknown[]).length).toBeGreaterThan(0);
		await Promise.all(waiting);
		expect(waitingExecutions.size).toBe(0);
	});

	it('leaves healthy traffic alone: 60 executions side by side on an unlimited API, and 60 more that come during a sporadic 429 (Retry-After 2 s), none refused', async () => {
		double().configure({ latencyMs: 20 });
		let count = 0;
		double().failWhen((r) => r.path === '/v2/_new_assistants' && ++count === 25, tooMany('2'));
		const side = Array.from({ length: 60 }, (_, i) => run(`Side ${i} `, 3));
		await until(() => limited().length === 1);
		const during = Array.from({ length: 60 }, (_, i) => run(`During ${i} `, 2));
		const runs = await Promise.all([...side, ...during]);
		expect(runs.flatMap(({ outputs }) => outputs[0]).filter((item) => !item.json.assistant_id)).toEqual([]);
		expect([createdBy('Side').length, createdBy('During').length]).toEqual([180, 120]);
	});
});

describe('one limiter per account, shared by the executions of one n8n process', () => {
	const firstSecondLimits = async () => {
		const since = Date.now();
		await createAgents(20, {}, `Run ${since}`);
		return creates().filter((r) => r.receivedAt >= since && r.status === 429).length;
	};

	it('an execution that starts later is paced from its first request by what an earlier one learned', async () => {
		double().configure({ latencyMs: 20, rateLimit: { limit: 10, windowMs: 1000 } });
		const alone = await firstSecondLimits();
		expect(alone).toBeGreaterThan(0);
		// Wait out the window the first run filled, then run again in the same process.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const afterLearning = await firstSecondLimits();
		expect(afterLearning).toBeLessThan(alone);
		expect(afterLearning).toBeLessThanOrEqual(1);
	});

	it('two executions running side by side share one window: in flight never above what one could do', async () => {
		double().configure({ latencyMs: 200 });
		const remembered = accounts.size;
		const [a, b] = await Promise.all([createAgents(10, {}, 'A'), createAgents(10, {}, 'B')]);
		expect(a.error ?? b.error).toBeUndefined();
		// Together they start at the account's initial window of 10, not 10 each (which would be 20):
		// what the double counted, not when the requests arrived.
		expect(double().state.maxInFlight).toBeLessThanOrEqual(15);
		expect(accounts.size).toBe(remembered + 1);
	});

	it('is keyed by the Base URL and a SHA-256 of the token, never the token', async () => {
		await createAgents(1);
		const key = accountKey(double().url, FAKE_JWT);
		expect(key).toBe(`${double().url} ${createHash('sha256').update(FAKE_JWT).digest('hex')}`);
		expect(key).not.toContain(FAKE_JWT);
		// The execution's answer taught this account's limiter: its window grew by a request.
		expect(accounts.limiterFor(key).window.size).toBe(11);
	});
});

describe('stays live whatever the server answers (in the engine, on a real clock)', () => {
	const tooMany = (retryAfter: string, times?: number) => ({
		status: 429,
		body: { detail: 'Too many requests' },
		headers: { 'retry-after': retryAfter },
		times,
	});

	it.each(['1e308', '86400'])(
		'a Retry-After of %s is not obeyed: the item is created after a short backoff, and the next execution too',
		async (retryAfter) => {
			double().failWhen(() => true, tooMany(retryAfter, 1));
			const first = await createAgents(1);
			expect(first.outputs[0][0].json.assistant_id).toBeDefined();
			const next = await createAgents(1, {}, 'Next');
			expect(next.outputs[0][0].json.assistant_id).toBeDefined();
			expect(creates().map((r) => r.status)).toEqual([429, 201, 201]);
		},
	);

	it.each([
		['', false],
		[', on an account that learned a pace from an earlier 429', true],
	])(
		'30 items all answered 429 with Retry-After 121 s (past the 120 s budget)%s: every item fails with a message, and the run ends',
		async (_, learned) => {
			// With a pace learned, items that got their place after the 429 used to wait the hold out and
			// send 121 s later: past this test's 30 s timeout.
			if (learned) {
				double().failWhen(() => true, tooMany('1e308', 1));
				await createAgents(1, {}, 'Earlier');
				double().reset();
			}
			double().failWhen(() => true, tooMany('121'));
			const { outputs, error } = await runNode({
				node: { parameters: whatsappParameters({ name: '={{ $json.company }}' }), onError: 'continueRegularOutput' },
				items: named(30),
				credentials: credentialsFor(double()),
			});
			expect(error).toBeUndefined();
			expect(outputs[0]).toHaveLength(30);
			for (const item of outputs[0])
				expect(item.json.error).toMatch(/^ContactSwing (rate-limited this request|is rate-limiting)/);
			expect(creates().length).toBeLessThanOrEqual(10);
		},
	);

	it('a Retry-After exactly as long as Max Rate Limit Wait is waited out and the request sent (found by the adversarial review)', async () => {
		// The wait's timer fires a few ms late: that lateness must not count against the next, empty, wait.
		double().failWhen(() => true, tooMany('1', 1));
		const { outputs } = await createAgents(1, { maxRateLimitWait: 1 });
		expect(outputs[0][0].json.assistant_id).toBeDefined();
		expect(creates().map((r) => r.status)).toEqual([429, 201]);
	});

	it('a Timeout past what a timer can hold (2,200,000 s by expression) is held to an hour, not fired at once', async () => {
		double().configure({ latencyMs: 200 });
		const { outputs } = await createAgents(1, { timeout: 2_200_000 });
		expect(outputs[0][0].json.assistant_id).toBeDefined();
	});

	it('cancelling an execution that waits out a Retry-After of 20 s stops it at once', async () => {
		double().failWhen(() => true, tooMany('20'));
		let cancel = () => {};
		const run = runNode({
			node: { parameters: whatsappParameters() },
			items: items({}),
			credentials: credentialsFor(double()),
			onStart: (execution) => (cancel = execution.cancel),
		});
		await until(() => double().state.requests.some((r) => r.status === 429));
		const cancelledAt = Date.now();
		cancel();
		await run;
		expect(Date.now() - cancelledAt).toBeLessThan(3000);
		expect(double().state.requests).toHaveLength(1);
	});

	it('a 429 from POST /v2/_call (Retry-After 6 s) does not hold an Agent → Create in another execution', async () => {
		double().failWhen((r) => r.path === '/v2/_call', tooMany('6', 1));
		const call = runNode({
			node: { parameters: { resource: 'call', operation: 'start', phoneNumber: '+1234567890', agentId: 'agent_1' } },
			items: items({}),
			credentials: credentialsFor(double()),
		});
		await until(() => double().state.requests.some((r) => r.path === '/v2/_call' && r.status === 429));
		const limitedAt = double().state.requests.find((r) => r.status === 429)!.answeredAt!;
		const create = await createAgents(1, {}, 'Meanwhile');
		expect(create.outputs[0][0].json.assistant_id).toBeDefined();
		expect(creates()[0].receivedAt - limitedAt).toBeLessThan(3000);
		const called = await call;
		expect(called.outputs[0][0].json.status).toBe('queued');
	});
});
