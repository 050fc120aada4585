/**
 * How hard to push one ContactSwing account, learned from its answers and shared by every execution
 * in this n8n process (one limiter per Base URL and token). It lives as long as the process, so
 * every wait in it ends: within the item's wait budget, at once when the execution is cancelled,
 * and no waiter is ever left behind.
 * - **Concurrency** (congestion-control style): a window of requests in flight that grows while
 *   answers come back and latency holds, and halves on a 429 (or a 503 with Retry-After). Each
 *   execution's Parallel Requests stays its ceiling; the window is what the account can take.
 * - **Pacing**: after a 429, the rate the server accepted (the requests it answered in the last
 *   seconds) becomes a spacing between sends just under it, never slower than one a second. It
 *   probes upward, but stays under that rate until it has gone QUIET_MS without a 429.
 * - **The server's gate**: after a 429 no request starts before its Retry-After (obeyed up to an
 *   hour; the transport turns anything else into a bounded backoff).
 * - **Documented limits** hold from the first request: at most N sends in any minute. A 429 from
 *   such an endpoint holds that endpoint only; any other 429 holds the account.
 */
import { createHash } from 'crypto';

import type { Cancellation } from './cancellation';

/** ContactSwing's documented per-endpoint limits (docs/api-choices.md, "Documented rate limits"). */
const DOCUMENTED_LIMITS: ReadonlyArray<{ method: string; path: string; perMinute: number }> = [
	{ method: 'POST', path: '/v2/_call', perMinute: 10 },
	{ method: 'GET', path: '/v2/_calls', perMinute: 30 },
];

/** In flight before anything is learned: the old fixed default, gentle on an unknown server. */
const INITIAL_WINDOW = 10;
/** The most requests in flight: Parallel Requests cannot go higher. */
export const MAX_WINDOW = 100;
/** Below the window's threshold it grows by half a request per answer (×1.5 per round trip). */
const FAST_GROWTH = 0.5;
/** Answers within this multiple of the fastest recent one (plus LATENCY_SLACK_MS) let the window grow. */
const LATENCY_FACTOR = 2;
const LATENCY_SLACK_MS = 20;
/** The fastest recent answer: the minimum of the current and the previous span of this length, per endpoint. */
const LATENCY_SPAN_MS = 10_000;
/** Send at this share of the rate the server accepted. */
const PACE_MARGIN = 0.95;
/** The learned pace never goes slower than this many sends a second. */
const MIN_RATE = 1;
/**
 * After this long without a 429 the pace probes upward every PROBE_EVERY_MS: by 5 %, then 10 %,
 * 15 %… while no 429 comes, so a cautious estimate recovers fast. Up to CAP_SHARE of the rate
 * the last 429 came at, until QUIET_MS have passed without one: a known limit is not retested
 * every few seconds. After QUIET_MS the window may also grow fast again.
 */
const PROBE_AFTER_MS = 5000;
const PROBE_EVERY_MS = 1000;
const PROBE_STEP = 0.05;
const CAP_SHARE = 0.98;
const QUIET_MS = 30_000;
/** A 429 while already paced slows the pace by at least this much. */
const REPEAT_CUT = 0.9;
/** The rate estimate looks back this far (or to the first answer, but over at least a second). */
const ESTIMATE_SPAN_MS = 2000;
/** How long accepted sends are remembered for the rate estimate, and at most how many. */
const HISTORY_MS = 60_000;
const HISTORY_SENDS = 2048;
/** Accounts remembered per process, and how long an idle one is kept. */
const MAX_ACCOUNTS = 100;
const IDLE_MS = 15 * 60_000;

/** One endpoint's own state: its latency reference, and for a documented endpoint its gate and its sends. */
class Endpoint {
	/** After a 429 from this documented endpoint, none of its requests starts before this time. */
	resumeAt = 0;
	/** Send times within the last minute, at most `perMinute` of them. */
	readonly sends: number[] = [];
	private fastest = Infinity;
	private previousFastest = Infinity;
	private spanStart = 0;

	constructor(readonly perMinute?: number) {}

	/** When the next send may go under the documented limit: `perMinute` sends in any 60 s. */
	nextTurn(): number {
		const { perMinute, sends } = this;
		return perMinute && sends.length >= perMinute ? sends[sends.length - perMinute] + 60_000 : 0;
	}

	recordSend(now: number): void {
		if (!this.perMinute) return;
		this.sends.push(now);
		if (this.sends.length > this.perMinute) this.sends.splice(0, this.sends.length - this.perMinute);
	}

	/** Whether an answer this fast says the endpoint keeps up; it also becomes part of the reference. */
	keepsUp(latencyMs: number, now: number): boolean {
		if (now - this.spanStart > LATENCY_SPAN_MS) {
			this.previousFastest = now - this.spanStart > 2 * LATENCY_SPAN_MS ? Infinity : this.fastest;
			this.fastest = Infinity;
			this.spanStart = now;
		}
		this.fastest = Math.min(this.fastest, latencyMs);
		return latencyMs <= LATENCY_FACTOR * Math.min(this.fastest, this.previousFastest) + LATENCY_SLACK_MS;
	}
}

export interface Slot {
	readonly sentAt: number;
	readonly endpoint: Endpoint;
	/** Time spent at the server's gate, a documented limit or the pace: it counts against Max Rate Limit Wait. */
	readonly waitedMs: number;
}

interface Waiter {
	take(): void;
}

export class AccountLimiter {
	/** Requests allowed in flight (fractional while it grows). */
	window = INITIAL_WINDOW;
	private threshold = MAX_WINDOW;
	inFlight = 0;
	/** Requests waiting for a turn in the window, first come first served. */
	private readonly queue: Waiter[] = [];
	/** Requests between the start of `take` and their end: while any, the account is not forgotten. */
	private users = 0;
	private readonly endpoints = new Map<string, Endpoint>();

	/** Milliseconds between sends; 0 until a 429 teaches a rate. */
	intervalMs = 0;
	/** The rate (per second) the server accepted when it last answered 429. */
	private limitRate = Infinity;
	private nextSendAt = 0;
	private lastLimitedAt = -Infinity;
	private lastProbeAt = 0;
	private cleanProbes = 0;
	/** Requests sent before this moment were already answered for by a cut. */
	private cutAt = -Infinity;
	/** Send times of the requests the server accepted, oldest first. */
	private readonly accepted: number[] = [];

	/** After a 429 from anything but a documented endpoint, nobody starts a request before this time. */
	resumeAt = 0;
	lastUsed = Date.now();

	/**
	 * Waits for a turn to send: at the gate (the server's Retry-After, a documented limit), for a
	 * place in the window, then for the pace. `undefined` when the gate or the pace would keep this
	 * request waiting longer than `waitBudgetMs`: nothing is sent then. Throws the cancellation's
	 * error at once when the execution is cancelled.
	 */
	async take(
		method: string,
		path: string,
		waitBudgetMs: number,
		cancellation: Cancellation,
	): Promise<Slot | undefined> {
		const endpoint = this.endpoint(method, path);
		let waitedMs = 0;
		/** Waits until `time` if the budget allows it; the time really spent counts. */
		const waitUntil = async (time: number): Promise<boolean> => {
			const start = Date.now();
			if (waitedMs + (time - start) > waitBudgetMs) return false;
			await cancellation.sleep(time - start);
			waitedMs += Date.now() - start;
			return true;
		};
		this.users++;
		let slot: Slot | undefined;
		try {
			for (;;) {
				const gate = this.gateFor(endpoint);
				if (gate > Date.now()) {
					if (!(await waitUntil(gate))) return undefined;
					continue;
				}
				await this.place(cancellation);
				// The place is ours: reserve the send time the pace gives, then wait for it.
				const sendAt = Math.max(Date.now(), this.nextSendAt);
				if (this.intervalMs) this.nextSendAt = sendAt + this.intervalMs;
				let paced = false;
				try {
					paced = await waitUntil(sendAt);
				} finally {
					if (!paced) this.release();
				}
				if (!paced) return undefined;
				// A 429 that came meanwhile, or the documented limit, holds this request back too.
				if (this.gateFor(endpoint) > Date.now()) {
					this.release();
					continue;
				}
				const now = Date.now();
				endpoint.recordSend(now);
				slot = { sentAt: now, endpoint, waitedMs };
				return slot;
			}
		} finally {
			if (!slot) this.users--;
		}
	}

	/** The server answered (anything but a rate limit): grow while latency holds, probe the pace. */
	answered(slot: Slot): void {
		const now = Date.now();
		const keepsUp = slot.endpoint.keepsUp(now - slot.sentAt, now);
		this.accepted.push(slot.sentAt);
		if (this.accepted.length > HISTORY_SENDS || now - this.accepted[0] > HISTORY_MS) this.forgetOldSends(now);
		const calm = now - this.lastLimitedAt > QUIET_MS;
		if (calm) this.threshold = MAX_WINDOW;
		if (keepsUp) {
			this.window = Math.min(MAX_WINDOW, this.window + (this.window < this.threshold ? FAST_GROWTH : 1 / this.window));
		}
		if (this.intervalMs && now - this.lastLimitedAt > PROBE_AFTER_MS && now - this.lastProbeAt > PROBE_EVERY_MS) {
			this.lastProbeAt = now;
			let rate = (1000 / this.intervalMs) * (1 + PROBE_STEP * ++this.cleanProbes);
			if (!calm) rate = Math.min(rate, CAP_SHARE * this.limitRate);
			// Past 1,000 requests a second there is nothing left to pace.
			this.intervalMs = rate >= 1000 ? 0 : 1000 / Math.max(MIN_RATE, rate);
		}
		this.end();
	}

	/**
	 * A 429 (or a 503 with Retry-After), to be waited out for `holdMs`. A documented endpoint's holds
	 * that endpoint only. Any other holds the account, and once per round of answers cuts the
	 * window and the pace.
	 */
	limited(slot: Slot, holdMs: number): void {
		const now = Date.now();
		if (slot.endpoint.perMinute) {
			slot.endpoint.resumeAt = Math.max(slot.endpoint.resumeAt, now + holdMs);
			this.end();
			return;
		}
		this.resumeAt = Math.max(this.resumeAt, now + holdMs);
		this.lastLimitedAt = now;
		this.cleanProbes = 0;
		if (slot.sentAt > this.cutAt) {
			this.cutAt = now;
			this.window = Math.max(1, this.window / 2);
			this.threshold = this.window;
			// The rate the server accepted lately: over the last seconds (as far back as the hold asks,
			// at most a minute), or since the first answer, but never over less than a second. With
			// nothing accepted there is no rate to learn: the gate and the cut suffice.
			const lookBack = Math.min(HISTORY_MS, Math.max(ESTIMATE_SPAN_MS, holdMs));
			const accepted = this.acceptedSince(now - lookBack);
			if (accepted > 0) {
				const spanMs = Math.max(1000, Math.min(lookBack, now - this.accepted[this.accepted.length - accepted]));
				this.limitRate = (1000 * accepted) / spanMs;
				const slower = this.intervalMs ? (REPEAT_CUT * 1000) / this.intervalMs : Infinity;
				this.intervalMs = 1000 / Math.max(MIN_RATE, Math.min(slower, PACE_MARGIN * this.limitRate));
			}
		}
		this.end();
	}

	/** No answer (a network failure or a cancellation): the place is given back, nothing learned. */
	abandoned(): void {
		this.end();
	}

	/** When a request to `slot`'s endpoint may next start. */
	resumeAtFor(slot: Slot): number {
		return this.gateFor(slot.endpoint);
	}

	/**
	 * Whether the account can be forgotten: nothing of it running or waiting, unused for `forMs`, no
	 * gate still closed, and no documented send within the last minute (a fresh limiter would
	 * allow a whole minute's sends again).
	 */
	idle(now: number, forMs: number): boolean {
		if (this.users > 0 || now - this.lastUsed <= forMs || this.resumeAt > now) return false;
		for (const endpoint of this.endpoints.values()) {
			if (endpoint.resumeAt > now || endpoint.sends.some((sentAt) => sentAt > now - 60_000)) return false;
		}
		return true;
	}

	private endpoint(method: string, path: string): Endpoint {
		// Paths with IDs share their endpoint's state: /v2/_customers/123 is /v2/_customers.
		const key = `${method} ${path.split('/').slice(0, 3).join('/')}`;
		let endpoint = this.endpoints.get(key);
		if (!endpoint) {
			const documented = DOCUMENTED_LIMITS.find((entry) => entry.method === method && entry.path === path);
			endpoint = new Endpoint(documented?.perMinute);
			this.endpoints.set(key, endpoint);
		}
		return endpoint;
	}

	private gateFor(endpoint: Endpoint): number {
		return Math.max(this.resumeAt, endpoint.resumeAt, endpoint.nextTurn());
	}

	/** A place in the window: at once when there is room and nobody waits, else in turn. */
	private async place(cancellation: Cancellation): Promise<void> {
		if (this.queue.length === 0 && this.inFlight < Math.floor(this.window)) {
			this.inFlight++;
			return;
		}
		await new Promise<void>((resolve, reject) => {
			// `take` runs when a place is handed over; cancelling before that leaves the queue.
			const waiter: Waiter = {
				take: () => {
					stopWaiting();
					resolve();
				},
			};
			this.queue.push(waiter);
			const stopWaiting = cancellation.onCancel(() => {
				const index = this.queue.indexOf(waiter);
				if (index !== -1) this.queue.splice(index, 1);
				reject(cancellation.error());
			});
		});
	}

	/** A request is over: its place goes to the next in line. */
	private end(): void {
		this.users--;
		this.lastUsed = Date.now();
		this.release();
	}

	/**
	 * Gives a place back and hands free places on, first come first served. Since the window is at
	 * least 1, a queue is never left waiting with nothing in flight.
	 */
	private release(): void {
		this.inFlight--;
		this.handOn();
	}

	private handOn(): void {
		while (this.queue.length > 0 && this.inFlight < Math.floor(this.window)) {
			this.inFlight++;
			this.queue.shift()!.take();
		}
	}

	private acceptedSince(since: number): number {
		let count = 0;
		for (let i = this.accepted.length - 1; i >= 0 && this.accepted[i] > since; i--) count++;
		return count;
	}

	private forgetOldSends(now: number): void {
		const keepFrom = this.accepted.findIndex((sentAt) => now - sentAt <= HISTORY_MS);
		this.accepted.splice(
			0,
			keepFrom === -1 ? this.accepted.length : Math.max(keepFrom, this.accepted.length - HISTORY_SENDS / 2),
		);
	}
}

/**
 * One limiter per account, for the life of the n8n process. Idle accounts are forgotten after
 * IDLE_MS, on every lookup; past MAX_ACCOUNTS the least recently used idle one goes. An account
 * with requests running or waiting, a gate still closed, or documented sends within the last
 * minute is never forgotten (that would break the documented limits), so only while more than
 * MAX_ACCOUNTS accounts are busy at once can there be more.
 */
export class AccountRegistry {
	private readonly accounts = new Map<string, AccountLimiter>();

	get size(): number {
		return this.accounts.size;
	}

	/** The limiter of the account `key` (see `accountKey`), made on first use. */
	limiterFor(key: string, now = Date.now()): AccountLimiter {
		for (const [other, limiter] of this.accounts) {
			if (other !== key && limiter.idle(now, IDLE_MS)) this.accounts.delete(other);
		}
		let limiter = this.accounts.get(key);
		if (!limiter) {
			if (this.accounts.size >= MAX_ACCOUNTS) this.forgetLeastRecentlyUsed(now);
			limiter = new AccountLimiter();
			this.accounts.set(key, limiter);
		}
		limiter.lastUsed = now;
		return limiter;
	}

	private forgetLeastRecentlyUsed(now: number): void {
		let oldest: [string, AccountLimiter] | undefined;
		for (const entry of this.accounts) {
			if (entry[1].idle(now, 0) && (!oldest || entry[1].lastUsed < oldest[1].lastUsed)) oldest = entry;
		}
		if (oldest) this.accounts.delete(oldest[0]);
	}
}

/** The accounts of this n8n process. */
export const accounts = new AccountRegistry();

/** An account's key: the Base URL and a SHA-256 of the token, never the token itself. */
export function accountKey(baseUrl: string, token: string): string {
	return `${baseUrl} ${createHash('sha256').update(token).digest('hex')}`;
}
