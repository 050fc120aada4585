/**
 * How hard to push one ContactSwing account, learned from its answers and shared by every execution
 * in this n8n process (one limiter per Base URL and token):
 * - **Concurrency** (congestion-control style): a window of requests in flight that grows while
 *   answers come back and latency holds, and halves on a 429 (or a 503 with Retry-After). Each
 *   execution's Parallel Requests stays its ceiling; the window is what the account can take.
 * - **Pacing**: after a 429, the rate the server accepted (the requests it answered in the last
 *   seconds) becomes a spacing between sends just under it. It probes upward, but stays under
 *   that rate until it has gone CAP_FOR_MS without a 429, then probes past it.
 * - **The server's gate**: after a 429 no request starts before its Retry-After.
 * - **Documented limits** hold from the first request: at most N sends in any minute.
 */
import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

/** ContactSwing's documented per-endpoint limits (contactswing-api.md, §2.5). */
const DOCUMENTED_LIMITS: ReadonlyArray<{ method: string; path: string; perMinute: number }> = [
	{ method: 'POST', path: '/v2/_call', perMinute: 10 },
	{ method: 'GET', path: '/v2/_calls', perMinute: 30 },
];

/** In flight before anything is learned: the old fixed default, gentle on an unknown server. */
const INITIAL_WINDOW = 10;
/** The most Parallel Requests allows. */
const MAX_WINDOW = 100;
/** Below the window's threshold it grows by half a request per answer (×1.5 per round trip). */
const FAST_GROWTH = 0.5;
/** Send at this share of the rate the server accepted. */
const PACE_MARGIN = 0.95;
/**
 * After this long without a 429 the pace probes upward every PROBE_EVERY_MS: by 5 %, then 10 %,
 * 15 %… while no 429 comes, so a cautious estimate recovers fast. Up to CAP_SHARE of the rate
 * the last 429 came at, until CAP_FOR_MS have passed without one: a known limit is not retested
 * every few seconds.
 */
const PROBE_AFTER_MS = 5000;
const PROBE_EVERY_MS = 1000;
const PROBE_STEP = 0.05;
const CAP_SHARE = 0.98;
const CAP_FOR_MS = 30_000;
/** A 429 while already paced slows the pace by at least this much. */
const REPEAT_CUT = 0.9;
/** The rate estimate looks back this far (or to the first answer, but over at least a second). */
const ESTIMATE_SPAN_MS = 2000;
/** How long accepted sends are remembered for the rate estimate. */
const HISTORY_MS = 60_000;
/** Accounts remembered per process, and how long an idle one is kept. */
const MAX_ACCOUNTS = 100;
const IDLE_MS = 15 * 60_000;

export interface Slot {
	readonly sentAt: number;
	/** Time spent at the server's gate or a documented limit: it counts against Max Rate Limit Wait. */
	readonly rateLimitWaitMs: number;
}

export class AccountLimiter {
	/** Requests allowed in flight (fractional while it grows). */
	window = INITIAL_WINDOW;
	private threshold = MAX_WINDOW;
	inFlight = 0;
	private readonly waiting: Array<() => void> = [];
	private minLatencyMs = Infinity;

	/** Milliseconds between sends; 0 until a 429 teaches a rate. */
	intervalMs = 0;
	/** The rate (per second) the server accepted when it last answered 429. */
	private limitRate = Infinity;
	private nextSendAt = 0;
	private lastLimitedAt = 0;
	private lastProbeAt = 0;
	private cleanProbes = 0;
	/** Requests sent before this moment were already answered for by a cut. */
	private cutAt = 0;
	/** Send times of the requests the server accepted, oldest first. */
	private readonly accepted: number[] = [];

	/** After a 429 nobody starts a request before this time (ms since the epoch). */
	resumeAt = 0;
	private readonly documentedSends = new Map<string, number[]>();
	lastUsed = Date.now();

	/**
	 * Waits for a turn to send. `undefined` when the server's gate or a documented limit would keep
	 * this request waiting longer than `waitBudgetMs`: nothing is sent then.
	 */
	async take(method: string, path: string, waitBudgetMs: number): Promise<Slot | undefined> {
		const limit = DOCUMENTED_LIMITS.find((entry) => entry.method === method && entry.path === path);
		const key = `${method} ${path}`;
		let rateLimitWaitMs = 0;
		const waitAtGate = async (gate: number) => {
			const before = Date.now();
			if (rateLimitWaitMs + gate - before > waitBudgetMs) return false;
			await sleep(gate - before);
			rateLimitWaitMs += Date.now() - before;
			return true;
		};
		for (;;) {
			const gate = Math.max(this.resumeAt, limit ? this.documentedTurn(key, limit.perMinute) : 0);
			if (gate > Date.now()) {
				if (!(await waitAtGate(gate))) return undefined;
			} else if (this.inFlight >= Math.floor(this.window)) {
				await new Promise<void>((resolve) => this.waiting.push(resolve));
			} else break;
		}
		// The turn is ours: reserve the send time the pace gives, then wait for it.
		this.inFlight++;
		const now = Date.now();
		const sendAt = Math.max(now, this.nextSendAt);
		if (this.intervalMs) this.nextSendAt = sendAt + this.intervalMs;
		if (limit) this.recordDocumentedSend(key, sendAt, limit.perMinute);
		if (sendAt > now) await sleep(sendAt - now);
		// A 429 that arrived meanwhile holds this request back too.
		while (this.resumeAt > Date.now()) {
			if (!(await waitAtGate(this.resumeAt))) {
				this.release();
				return undefined;
			}
		}
		this.lastUsed = Date.now();
		return { sentAt: this.lastUsed, rateLimitWaitMs };
	}

	/** The server answered (anything but a rate limit): grow while latency holds, probe the pace. */
	answered(slot: Slot): void {
		const now = Date.now();
		const latency = now - slot.sentAt;
		this.minLatencyMs = Math.min(this.minLatencyMs, latency);
		this.accepted.push(slot.sentAt);
		if (this.accepted.length > 4096 || now - this.accepted[0] > HISTORY_MS) this.forgetOldSends(now);
		if (latency <= 2 * this.minLatencyMs + 20) {
			this.window = Math.min(MAX_WINDOW, this.window + (this.window < this.threshold ? FAST_GROWTH : 1 / this.window));
		}
		if (this.intervalMs && now - this.lastLimitedAt > PROBE_AFTER_MS && now - this.lastProbeAt > PROBE_EVERY_MS) {
			this.lastProbeAt = now;
			let rate = (1000 / this.intervalMs) * (1 + PROBE_STEP * ++this.cleanProbes);
			if (now - this.lastLimitedAt < CAP_FOR_MS) rate = Math.min(rate, CAP_SHARE * this.limitRate);
			// Past 1,000 requests a second there is nothing left to pace.
			this.intervalMs = rate >= 1000 ? 0 : 1000 / rate;
		}
		this.release();
	}

	/** A 429 (or 503 with Retry-After): hold everyone back, and once per round cut the window and the pace. */
	limited(slot: Slot, retryAfterMs: number): void {
		const now = Date.now();
		this.resumeAt = Math.max(this.resumeAt, now + retryAfterMs);
		this.lastLimitedAt = now;
		this.cleanProbes = 0;
		if (slot.sentAt > this.cutAt) {
			this.cutAt = now;
			this.window = Math.max(1, this.window / 2);
			this.threshold = this.window;
			// The rate the server accepted lately: over the last seconds (as far back as Retry-After
			// asks, at most a minute), or since the first answer, but never over less than a second.
			// With nothing accepted there is no rate to learn: the gate and the cut suffice.
			const lookBack = Math.min(HISTORY_MS, Math.max(ESTIMATE_SPAN_MS, retryAfterMs));
			const accepted = this.acceptedSince(now - lookBack);
			if (accepted > 0) {
				const spanMs = Math.max(1000, Math.min(lookBack, now - this.accepted[this.accepted.length - accepted]));
				this.limitRate = (1000 * accepted) / spanMs;
				const slower = this.intervalMs ? (REPEAT_CUT * 1000) / this.intervalMs : Infinity;
				this.intervalMs = 1000 / Math.min(slower, PACE_MARGIN * this.limitRate);
			}
		}
		this.release();
	}

	/** No answer (a network failure or a cancellation): the turn is given back, nothing learned. */
	abandoned(): void {
		this.release();
	}

	private release(): void {
		this.inFlight--;
		let free = Math.floor(this.window) - this.inFlight;
		while (free-- > 0 && this.waiting.length) this.waiting.shift()!();
	}

	private acceptedSince(since: number): number {
		let count = 0;
		for (let i = this.accepted.length - 1; i >= 0 && this.accepted[i] > since; i--) count++;
		return count;
	}

	private forgetOldSends(now: number): void {
		const keepFrom = this.accepted.findIndex((sentAt) => now - sentAt <= HISTORY_MS);
		this.accepted.splice(0, keepFrom === -1 ? this.accepted.length : Math.max(keepFrom, this.accepted.length - 2048));
	}

	/** When the next send to a documented endpoint may go: `perMinute` sends in any 60 s. */
	private documentedTurn(key: string, perMinute: number): number {
		const sends = this.documentedSends.get(key);
		return sends && sends.length >= perMinute ? sends[sends.length - perMinute] + 60_000 : 0;
	}

	private recordDocumentedSend(key: string, now: number, perMinute: number): void {
		const sends = this.documentedSends.get(key) ?? [];
		sends.push(now);
		if (sends.length > perMinute) sends.splice(0, sends.length - perMinute);
		this.documentedSends.set(key, sends);
	}
}

/** One limiter per account, for the life of the n8n process; least recently used first. */
const accounts = new Map<string, AccountLimiter>();

/**
 * The limiter of the account behind `baseUrl` and `token`. The key holds a SHA-256 of the token,
 * never the token itself. Idle accounts are forgotten, and at most MAX_ACCOUNTS are kept.
 */
export function limiterFor(baseUrl: string, token: string): AccountLimiter {
	const key = `${baseUrl} ${createHash('sha256').update(token).digest('hex')}`;
	let limiter = accounts.get(key);
	if (limiter) {
		accounts.delete(key);
	} else {
		const now = Date.now();
		for (const [otherKey, other] of accounts) {
			if (other.inFlight === 0 && now - other.lastUsed > IDLE_MS) accounts.delete(otherKey);
		}
		if (accounts.size >= MAX_ACCOUNTS) accounts.delete(accounts.keys().next().value!);
		limiter = new AccountLimiter();
	}
	accounts.set(key, limiter);
	return limiter;
}

/** What is remembered, for tests: the keys, never tokens. */
export function rememberedAccounts(): string[] {
	return [...accounts.keys()];
}

/** Forgets every account, as a fresh n8n process would: for tests. */
export function forgetAccounts(): void {
	accounts.clear();
}
