/**
 * How hard to push one ContactSwing account, learned from its answers and shared by every execution
 * in this n8n process (one limiter per Base URL and token). Every wait in it ends: within the
 * item's wait budget, at once on cancellation; what cannot be served in time is refused at once.
 * - **Concurrency** (window.ts): a window of requests in flight that doubles each round trip while
 *   latency holds, and halves on a rate limit, a Timeout or latency near the Timeout. A request
 *   in flight far longer than its endpoint answers (endpoint.ts) is overdue and gives its place
 *   to the next, within the window's cap: a request never answered cannot hold the account.
 * - **Pacing** (pace.ts): after a rate limit (not sporadic 429s), sends are spaced just under the
 *   rate the server accepted, probed upward once the 429s stop.
 * - **The server's gate** (hold.ts): after a 429 no request starts before its Retry-After.
 * - **Documented limits** (endpoint.ts) hold from the first request: at most N sends in any
 *   minute. A 429 from such an endpoint holds that endpoint only; any other 429 holds the account.
 */
import type { Cancellation } from '../cancellation';
import { monotonicNow } from '../clock';
import { Endpoint } from './endpoint';
import { Hold } from './hold';
import { Line, Waiter } from './line';
import { Pace } from './pace';
import { Throughput } from './throughput';
import type { Refusal, Slot } from './turn';
import { Window } from './window';

export class AccountLimiter {
	readonly window = new Window();
	/** Requests between the start of `take` and their end: while any, the account is not forgotten. */
	private users = 0;
	private readonly endpoints = new Map<string, Endpoint>();
	readonly pace = new Pace();
	/** Every request waiting for its turn, first come first (line.ts). */
	private readonly line = new Line();

	/** How fast the server answers lately: the room a create leaves for its Timeout. */
	private readonly throughput = new Throughput();

	/** Milliseconds between sends the learned pace asks for; 0 when none. */
	get intervalMs(): number {
		return this.pace.intervalMs;
	}

	/** After a 429 from anything but a documented endpoint, nobody starts a request before its end. */
	private readonly hold = new Hold();
	lastUsed = monotonicNow();

	/**
	 * Waits for a turn to send: at the gate (the server's Retry-After, a documented limit), for a
	 * place in the window, then in the pace's line. A `Refusal` when the gate or the pace would keep
	 * this request waiting longer than `waitBudgetMs`, when it joins or as soon as a 429 makes it so,
	 * or when it joins to wait long while too many other executions of the process do (waiting.ts):
	 * nothing is sent then, and nothing it took is kept (its place and its pace turn go to the next).
	 * Throws the cancellation's error at once when the execution is cancelled. An editor dropdown's
	 * request (`execution` false) waits without counting among the executions waiting.
	 */
	async take(
		method: string,
		path: string,
		waitBudgetMs: number,
		cancellation: Cancellation,
		timeoutMs = Infinity,
		execution = true,
	): Promise<Slot | Refusal> {
		const endpoint = this.endpoint(method, path);
		const room = method === 'GET' ? undefined : () => this.throughput.roomFor(timeoutMs, monotonicNow());
		const waiter = new Waiter(
			waitBudgetMs,
			cancellation,
			{ gate: () => this.gateFor(endpoint), refusal: (ahead) => this.refusal(endpoint, ahead) },
			execution,
		);
		const refuse = () => waiter.shedAs ?? this.refusal(endpoint, this.line.ahead(waiter));
		// Its wait, estimated from any hold, then the pace's turns: what cannot be served in time is shed at once (line.ts).
		const joinedAt = monotonicNow();
		const from = Math.max(joinedAt, this.gateFor(endpoint));
		const refused = this.line.admit(waiter, this.pace.estimate(from, this.line.length, this.line.busySince) - joinedAt);
		if (refused) return refused;
		this.users++;
		let slot: Slot | undefined;
		try {
			for (;;) {
				if (waiter.shedAs) return waiter.shedAs;
				const gate = this.gateFor(endpoint);
				if (gate > monotonicNow()) {
					if (!waiter.fits(gate)) return refuse();
					// A gate that closed without a 429 (a documented limit's minute) may make the wait long too.
					if (!waiter.mayWaitUntil(gate)) return waiter.tooManyWaiting(this.line.ahead(waiter));
					await waiter.until(gate);
					continue;
				}
				// A place comes as those ahead end (each within its Timeout): within the budget, or the
				// Timeout when longer. The whole wait for it counts (time a create lets others by, short
				// of room for its Timeout, too): else each retry after a 429 could wait a budget more.
				const left = waitBudgetMs - waiter.waitedMs;
				const waitMs = Math.max(left, timeoutMs);
				if (!(await waiter.place(this.window.take(cancellation, room, waitMs, left, waiter.shed)))) return refuse();
				// A 429 that came while this waited for its place holds it back too, before any pace.
				if (this.gateFor(endpoint) > monotonicNow()) {
					this.window.give();
					continue;
				}
				// The place is ours: wait in the pace's line for a turn. A request that leaves the line
				// unsent (refused, cancelled, or back to the line) gives its turn and its place back.
				const paced = {};
				let sentAt: number | undefined;
				this.pace.join(paced);
				try {
					for (let turn; (turn = this.pace.turnFor(paced, monotonicNow())) > monotonicNow(); ) {
						if (!waiter.fits(turn)) return refuse();
						const [moved, stop] = this.pace.nextMove(waiter.shed);
						try {
							await waiter.until(turn, moved);
						} finally {
							stop();
						}
					}
					await this.window.spread(cancellation, endpoint.roundTripMs(monotonicNow()));
					// Or one that came during the pace, or the documented limit; or a 429 halved the window meanwhile; or shed.
					if (this.gateFor(endpoint) > monotonicNow() || !this.window.fits() || waiter.shedAs) continue;
					sentAt = monotonicNow();
				} finally {
					this.pace.leave(paced, sentAt);
					if (sentAt === undefined) this.window.give();
				}
				endpoint.recordSend(sentAt);
				const sent: Slot = {
					sentAt,
					endpoint,
					waitedMs: waiter.waitedMs,
					overdue: false,
					stopOverdueTimer: cancellation.deadline(endpoint.overdueAfterMs(sentAt), () => {
						sent.overdue = true;
						this.window.markOverdue();
					}),
				};
				slot = sent;
				return slot;
			}
		} finally {
			this.line.leave(waiter);
			if (!slot) this.users--;
		}
	}

	/**
	 * The server answered (anything but a rate limit): grow while latency holds, probe the pace. An
	 * answer slower than usual that took over half its Timeout (`timeoutMs`) is congestion: a server
	 * that queues rather than refuses would soon time the next ones out.
	 */
	answered(slot: Slot, timeoutMs = Infinity): void {
		const now = monotonicNow();
		const latencyMs = now - slot.sentAt;
		const keptUp = slot.endpoint.keepsUp(latencyMs, now);
		this.throughput.answered(now, latencyMs);
		if (!keptUp && latencyMs > timeoutMs / 2) this.window.congested(slot.sentAt, now);
		// After QUIET_MS without a 429 the window may grow fast again.
		this.window.answered(keptUp, this.pace.calm(now));
		this.pace.accept(slot.sentAt, now);
		this.end(slot);
	}

	/**
	 * A 429 (or a 503 with Retry-After), to be waited out for `holdMs`. A documented endpoint's holds
	 * that endpoint only. Any other holds the account, and once per round of answers cuts the
	 * window and the pace.
	 */
	limited(slot: Slot, holdMs: number): void {
		const now = monotonicNow();
		if (slot.endpoint.perMinute) slot.endpoint.hold.extend(now, holdMs);
		else {
			this.hold.extend(now, holdMs);
			if (this.pace.limited(slot.sentAt, now, holdMs)) this.window.halve(now);
		}
		this.end(slot);
		// The hold, or a slower pace, may have pushed turns in line past their budgets: those go now.
		this.line.reassess(this.pace.turns(Math.max(now, this.hold.until), this.line.busySince));
	}

	/**
	 * No answer (a network failure or a cancellation): the place is given back. A Timeout of
	 * `timedOutAfterMs` is congestion when the endpoint usually answers well within it (a Timeout
	 * shorter than its usual latency says nothing of the load).
	 */
	abandoned(slot: Slot, timedOutAfterMs?: number): void {
		const now = monotonicNow();
		if (timedOutAfterMs !== undefined && !slot.endpoint.usual(timedOutAfterMs, now))
			this.window.congested(slot.sentAt, now);
		this.end(slot);
	}

	/** How long until a request to `slot`'s endpoint may start again. */
	resumeInMs(slot: Slot): number {
		return Math.max(0, this.gateFor(slot.endpoint) - monotonicNow());
	}

	/**
	 * Whether the account can be forgotten: nothing of it running or waiting, unused for `forMs`, no
	 * gate still closed, and no documented send within the last minute (a fresh limiter would
	 * allow a whole minute's sends again).
	 */
	idle(now: number, forMs: number): boolean {
		if (this.users > 0 || now - this.lastUsed <= forMs || this.hold.until > now) return false;
		for (const endpoint of this.endpoints.values()) {
			if (endpoint.hold.until > now || endpoint.sends.some((sentAt) => sentAt > now - 60_000)) return false;
		}
		return true;
	}

	private endpoint(method: string, path: string): Endpoint {
		// Paths with IDs share their endpoint's state: /v2/_customers/123 is /v2/_customers.
		const key = `${method} ${path.split('/').slice(0, 3).join('/')}`;
		let endpoint = this.endpoints.get(key);
		if (!endpoint) {
			endpoint = Endpoint.of(method, path);
			this.endpoints.set(key, endpoint);
		}
		return endpoint;
	}

	private gateFor(endpoint: Endpoint): number {
		return Math.max(this.hold.until, endpoint.hold.until, endpoint.nextTurn());
	}

	/** The figures of a request refused now, with `ahead` waiting before it. */
	private refusal(endpoint: Endpoint, ahead: number): Refusal {
		return {
			refused: true,
			ahead,
			intervalMs: this.pace.intervalMs,
			holdMs: Math.max(0, this.gateFor(endpoint) - monotonicNow()),
		};
	}

	/** A request is over: its place goes to the next in line. */
	private end(slot: Slot): void {
		slot.stopOverdueTimer();
		this.pace.ended(slot.sentAt);
		this.users--;
		this.lastUsed = monotonicNow();
		this.window.give(slot.overdue);
	}
}
