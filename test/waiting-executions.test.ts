/* eslint-disable @n8n/community-nodes/no-restricted-globals -- timers here run on the simulated clock */
/**
 * The process's bound on executions waiting for a rate limit (transport/limiter/waiting.ts), on a
 * simulated clock: a request that would wait long joins only while fewer than
 * MAX_WAITING_EXECUTIONS executions wait, or when its own execution already does; a short wait
 * never counts; and every way out of a wait gives its count back. Each execution is a Cancellation,
 * as in the node (one per execution).
 */
import { Cancellation } from '../nodes/ContactSwing/transport/cancellation';
import { AccountLimiter } from '../nodes/ContactSwing/transport/limiter/limiter';
import type { Refusal, Slot } from '../nodes/ContactSwing/transport/limiter/turn';
import { MAX_WAITING_EXECUTIONS, waitingExecutions } from '../nodes/ContactSwing/transport/limiter/waiting';
import { SimClock, seededRandom } from './simulation/clock';

const SECOND = 1000;
const CREATE = ['POST', '/v2/_new_assistants'] as const;

let clock: SimClock;
beforeEach(() => {
	clock = new SimClock(Date.UTC(2026, 11, 1));
	clock.install();
});
afterEach(() => {
	clock.uninstall();
	// Every test ends with none waiting; one that failed half-way may not, and the next starts from none.
	const left = waitingExecutions.size;
	(waitingExecutions as unknown as { waiting: Map<object, number> }).waiting.clear();
	expect(left).toBe(0);
});

/** Lets simulated time run until `promise` settles (or nothing more can happen); its value. */
async function settled<T>(promise: Promise<T>): Promise<T> {
	let done = false;
	void promise.finally(() => (done = true));
	await clock.run(() => done, clock.now + 3600 * SECOND);
	return await promise;
}

/** Runs what is due now: each `take` called so far has joined or been refused. */
const now = async () => await clock.run(() => false, clock.now);

const executions = (count: number) => Array.from({ length: count }, () => new Cancellation());

/** An account held by a 429 for `holdMs` from now. */
async function heldAccount(holdMs: number) {
	const limiter = new AccountLimiter();
	const slot = (await settled(limiter.take(...CREATE, Infinity, new Cancellation()))) as Slot;
	limiter.limited(slot, holdMs);
	return limiter;
}

const refusal = (turn: Slot | Refusal) => ('refused' in turn ? turn : undefined);

/** A request's turn, answered by the server at once when it is sent (so the next gets its place). */
async function served(limiter: AccountLimiter, execution: Cancellation, budgetMs = 120 * SECOND) {
	const turn = await limiter.take(...CREATE, budgetMs, execution);
	if (!refusal(turn)) limiter.answered(turn as Slot);
	return turn;
}

/**
 * One item's request as the transport sends it: its turn, then the server's answer `LATENCY_MS`
 * later. `holdFor(attempt)` is the hold of a 429 to that send (its Retry-After, or the backoff),
 * `undefined` for a success; after a 429 the request is sent again within what is left of its budget.
 */
async function item(
	limiter: AccountLimiter,
	execution: Cancellation,
	holdFor: (attempt: number) => number | undefined,
	budgetMs = 120 * SECOND,
): Promise<Refusal | undefined> {
	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		const turn = await limiter.take(...CREATE, budgetMs - waitedMs, execution, 20 * SECOND);
		if ('refused' in turn) return turn;
		waitedMs += turn.waitedMs;
		await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
		const holdMs = holdFor(attempt);
		if (holdMs === undefined) {
			limiter.answered(turn, 20 * SECOND);
			return undefined;
		}
		limiter.limited(turn, holdMs);
	}
}
const LATENCY_MS = 20;

describe('executions waiting for a rate limit, all accounts together', () => {
	it(`past ${MAX_WAITING_EXECUTIONS} executions waiting out a hold, the next is refused at once with the figures; one already waiting joins`, async () => {
		const limiter = await heldAccount(10 * SECOND);
		const [first, ...others] = executions(MAX_WAITING_EXECUTIONS);
		const waiting = [first, ...others].map((execution) => served(limiter, execution));
		await now();
		expect(waitingExecutions.size).toBe(MAX_WAITING_EXECUTIONS);
		const refusedAt = clock.now;
		const past = refusal(await limiter.take(...CREATE, 120 * SECOND, new Cancellation()));
		expect(clock.now).toBe(refusedAt); // before any wait
		expect(past).toEqual({
			refused: true,
			ahead: MAX_WAITING_EXECUTIONS,
			intervalMs: 0,
			holdMs: 10 * SECOND,
			executionsWaiting: MAX_WAITING_EXECUTIONS,
		});
		// A second request of an execution already waiting costs n8n nothing more: it joins.
		const more = served(limiter, first);
		await now();
		expect(waitingExecutions.size).toBe(MAX_WAITING_EXECUTIONS);
		const turns = await settled(Promise.all([...waiting, more]));
		expect(turns.filter(refusal)).toEqual([]);
		expect(Math.min(...turns.map((turn) => (turn as Slot).sentAt))).toBeGreaterThanOrEqual(refusedAt + 10 * SECOND);
		expect(waitingExecutions.size).toBe(0);
	});

	it('counts the whole process: executions waiting on one account refuse a long wait on another', async () => {
		const [one, other] = [await heldAccount(10 * SECOND), await heldAccount(10 * SECOND)];
		const waiting = executions(MAX_WAITING_EXECUTIONS).map((execution) => served(one, execution));
		await now();
		expect(refusal(await other.take(...CREATE, 60 * SECOND, new Cancellation()))?.executionsWaiting).toBe(
			MAX_WAITING_EXECUTIONS,
		);
		expect((await settled(Promise.all(waiting))).filter(refusal)).toEqual([]);
	});

	it('a short wait never counts: a hold of 5 s (a Retry-After of 5), a place in a full window, then a 429 holding it 5 s', async () => {
		const held = await heldAccount(5 * SECOND);
		const full = new AccountLimiter();
		const inFlight = await settled(
			Promise.all(Array.from({ length: 10 }, () => full.take(...CREATE, Infinity, new Cancellation()))),
		);
		const waits = executions(2 * MAX_WAITING_EXECUTIONS).map((execution, i) => served(i % 2 ? held : full, execution));
		await now();
		expect(waitingExecutions.size).toBe(0);
		// A sporadic 429 (Retry-After 5) on the full account: its waits are still short.
		full.limited(inFlight[0] as Slot, 5 * SECOND);
		await now();
		expect(waitingExecutions.size).toBe(0);
		clock.add(() => inFlight.slice(1).forEach((slot) => full.answered(slot as Slot)), 10 * SECOND);
		const turns = await settled(Promise.all(waits));
		expect(turns.filter(refusal)).toEqual([]);
	});

	describe('a sporadic hold of a few seconds holds no execution long: 200 executions of 3 items side by side, nothing refused', () => {
		/** 200 executions × 3 items at once on an API with no limit learned; the `unlucky`th send meets `holds` (one per send of it). */
		async function sideBySide(holds: number[]) {
			const limiter = new AccountLimiter();
			let sends = 0;
			let peak = 0;
			const unlucky = 100;
			const items = executions(200).flatMap((execution) =>
				[0, 1, 2].map(() => {
					let mine: boolean | undefined;
					return item(limiter, execution, (attempt) => {
						peak = Math.max(peak, waitingExecutions.size);
						mine ??= ++sends === unlucky;
						return mine ? holds[attempt] : undefined;
					});
				}),
			);
			const refused = (await settled(Promise.all(items))).filter(Boolean).length;
			return { refused, peak, sent: 600 - refused };
		}
		/** Every item sent; no execution counted among those waiting, none refused for them. */
		const healthy = { refused: 0, peak: 0, sent: 600 };

		it('one 429 with Retry-After: 2', async () => {
			// With 1 s for a long wait (eb46ab8): 253 of the 600 refused, past the 50 executions counted.
			expect(await sideBySide([2 * SECOND])).toEqual(healthy);
		});

		it("one item answered 429 without Retry-After three times: the node's backoff (0.5 s, 1 s, 2 s at most)", async () => {
			// With 1 s for a long wait (eb46ab8): 55 of the 600 refused.
			expect(await sideBySide([0, 1, 2].map((attempt) => 500 * 2 ** attempt))).toEqual(healthy);
		});
	});

	it('a wait of just over 5 s counts', async () => {
		const limiter = await heldAccount(5 * SECOND + 1);
		const waiting = served(limiter, new Cancellation());
		await now();
		expect(waitingExecutions.size).toBe(1);
		await settled(waiting);
	});

	it('gives its count back on every way out, once: sent, cancelled, shed by a longer hold', async () => {
		const limiter = new AccountLimiter();
		const [first, other] = (await settled(
			Promise.all([0, 1].map(() => limiter.take(...CREATE, Infinity, new Cancellation()))),
		)) as Slot[];
		limiter.limited(first, 10 * SECOND);
		const controller = new AbortController();
		const cancelled = limiter.take(...CREATE, 120 * SECOND, new Cancellation(controller.signal));
		void cancelled.catch(() => undefined);
		// One execution with two requests waiting: one may wait 15 s, the other 120 s.
		const twoRequests = new Cancellation();
		const shed = limiter.take(...CREATE, 15 * SECOND, twoRequests);
		const sent = [served(limiter, twoRequests), served(limiter, new Cancellation())];
		await now();
		expect(waitingExecutions.size).toBe(3);
		controller.abort();
		await now();
		expect(waitingExecutions.size).toBe(2);
		// The request still in flight is answered 429 too, holding the account 20 s from now: past
		// the 15 s budget of one, which is shed at once; its execution still waits for the other.
		clock.now += SECOND;
		limiter.limited(other, 20 * SECOND);
		await now();
		expect(refusal(await shed)).toBeDefined();
		expect(waitingExecutions.size).toBe(2);
		await settled(Promise.all(sent));
		expect(waitingExecutions.size).toBe(0);
		await expect(cancelled).rejects.toThrow('cancelled');
	});

	it('a wait let in as short that a later 429 makes long counts from then: past the bound it is shed at that 429, with the figures', async () => {
		const held = await heldAccount(10 * SECOND);
		const [first, ...others] = executions(MAX_WAITING_EXECUTIONS - 1);
		const waiting = [first, ...others].map((execution) => served(held, execution));
		// Another account, its window full: two requests wait for a place, a short wait that does not count.
		const full = new AccountLimiter();
		const inFlight = (await settled(
			Promise.all(Array.from({ length: 10 }, () => full.take(...CREATE, Infinity, new Cancellation()))),
		)) as Slot[];
		const [short, ofFirst] = [full.take(...CREATE, 120 * SECOND, new Cancellation()), served(full, first)];
		await now();
		expect(waitingExecutions.size).toBe(MAX_WAITING_EXECUTIONS - 1);
		// One more execution waits long on the held account: the bound is reached.
		const last = served(held, new Cancellation());
		await now();
		expect(waitingExecutions.size).toBe(MAX_WAITING_EXECUTIONS);
		// A 429 holds the full account 10 s: both waits are now long. The one of an execution already
		// waiting stays; the other is shed at once.
		full.limited(inFlight[0], 10 * SECOND);
		await now();
		expect(refusal(await short)).toEqual({
			refused: true,
			ahead: 0,
			intervalMs: 0,
			holdMs: 10 * SECOND,
			executionsWaiting: MAX_WAITING_EXECUTIONS,
		});
		inFlight.slice(1).forEach((slot) => full.answered(slot));
		const turns = await settled(Promise.all([...waiting, last, ofFirst]));
		expect(turns.filter(refusal)).toEqual([]);
	});

	it('a wait that a documented limit makes long (ContactSwing documents 10 calls a minute) counts, or is refused past the bound', async () => {
		const limiter = new AccountLimiter();
		const call = (execution: Cancellation) => limiter.take('POST', '/v2/_call', 120 * SECOND, execution);
		// 100 executions start a call at once: all let in as short (the minute's sends are not used yet).
		const turns = executions(100).map(async (execution) => {
			const turn = await call(execution);
			if (!refusal(turn)) limiter.answered(turn as Slot);
			return turn;
		});
		await clock.run(() => false, clock.now + 2 * SECOND);
		// Ten were sent; the rest wait for the next minute, a wait of a minute: at most the bound waits.
		const refusedNow = (await Promise.all(turns.map((turn) => Promise.race([turn, undefined])))).filter(
			(turn) => turn && refusal(turn),
		);
		expect(waitingExecutions.size).toBe(MAX_WAITING_EXECUTIONS);
		expect(refusedNow.map((turn) => refusal(turn!)!.executionsWaiting)).toEqual(
			Array(100 - 10 - MAX_WAITING_EXECUTIONS).fill(MAX_WAITING_EXECUTIONS),
		);
		await settled(Promise.all(turns));
	});

	it('100,000 requests of 5,000 executions over three accounts (429s, lost answers, sheds, cancellations): never past the bound, and none left counted', async () => {
		const limiters = [new AccountLimiter(), new AccountLimiter(), new AccountLimiter()];
		const random = seededRandom(32);
		const total = 100_000;
		const perExecution = 20;
		const controllers: AbortController[] = [];
		const seen = { peak: 0, refusedPastBound: 0, cancelled: 0 };
		let ended = 0;
		const one = async (k: number) => {
			const execution = Math.floor(k / perExecution);
			if (k % perExecution === 0) {
				controllers[execution] = new AbortController();
				// One execution in 20 is stopped a few seconds after it starts.
				if (random() < 0.05) clock.add(() => controllers[execution].abort(), random() * 5 * SECOND);
			}
			const cancellation =
				cancellations[execution] ?? (cancellations[execution] = new Cancellation(controllers[execution].signal));
			const limiter = limiters[execution % 3];
			const taking = limiter.take(...CREATE, k % 7 === 0 ? 0 : 120 * SECOND, cancellation, 20 * SECOND);
			seen.peak = Math.max(seen.peak, waitingExecutions.size);
			const turn = await taking.catch(() => {
				seen.cancelled++;
				return undefined;
			});
			if (turn && 'refused' in turn && turn.executionsWaiting !== undefined) seen.refusedPastBound++;
			if (turn && !('refused' in turn)) {
				await new Promise((resolve) => setTimeout(resolve, 20 + random() * 50));
				const answer = random();
				// A third of the sends refused for 2 s: the line grows past what one account serves in the budget.
				if (answer < 0.3) limiter.limited(turn, 2 * SECOND);
				else if (answer < 0.31) limiter.abandoned(turn);
				else limiter.answered(turn, 20 * SECOND);
			}
			ended++;
		};
		const cancellations: Cancellation[] = [];
		// Ten executions a second, each with its 20 items at once.
		for (let k = 0; k < total; k++) clock.add(() => void one(k), Math.floor(k / perExecution) * 100);
		expect(await clock.run(() => ended === total, clock.now + 100 * total)).toBe('done');
		expect(seen.peak).toBe(MAX_WAITING_EXECUTIONS);
		expect(seen.refusedPastBound).toBeGreaterThan(1000);
		expect(seen.cancelled).toBeGreaterThan(100);
		expect(waitingExecutions.size).toBe(0);
	});
});
