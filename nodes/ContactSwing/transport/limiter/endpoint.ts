import { Hold } from './hold';

/** ContactSwing's documented per-endpoint limits (docs/api-choices.md, "Documented rate limits"). */
const DOCUMENTED_LIMITS: ReadonlyArray<{ method: string; path: string; perMinute: number }> = [
	{ method: 'POST', path: '/v2/_call', perMinute: 10 },
	{ method: 'GET', path: '/v2/_calls', perMinute: 30 },
];

/** Answers within this multiple of the fastest recent one (plus LATENCY_SLACK_MS) let the window grow. */
const LATENCY_FACTOR = 2;
const LATENCY_SLACK_MS = 20;
/** The fastest recent answer: the minimum of the current and the previous span of this length, per endpoint. */
const LATENCY_SPAN_MS = 10_000;
/**
 * A request in flight this many times the latency reference, and at least OVERDUE_FLOOR_MS (the
 * floor alone when nothing answered lately), is overdue: likely never answered, it no longer holds
 * the window (window.ts), as TCP gives up on a segment after its retransmission timeout.
 */
const OVERDUE_FACTOR = 4;
const OVERDUE_FLOOR_MS = 10_000;

/** One endpoint's own state: its latency reference (the fastest recent answer), and for a documented endpoint its gate and its sends. */
export class Endpoint {
	/** After a 429 from this documented endpoint, none of its requests starts before its end. */
	readonly hold = new Hold();
	/** Send times within the last minute, at most `perMinute` of them. */
	readonly sends: number[] = [];
	private fastest = Infinity;
	private previousFastest = Infinity;
	private spanStart = 0;

	/** `perMinute`: ContactSwing's documented limit for this endpoint, if it documents one. */
	constructor(readonly perMinute?: number) {}

	/** The endpoint of `method` and `path`, with its documented limit if there is one. */
	static of(method: string, path: string): Endpoint {
		return new Endpoint(DOCUMENTED_LIMITS.find((entry) => entry.method === method && entry.path === path)?.perMinute);
	}

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
		return this.usual(latencyMs, now);
	}

	/** Whether `latencyMs` is within the usual for this endpoint (always, when nothing answered lately). */
	usual(latencyMs: number, now: number): boolean {
		const reference = this.reference(now);
		return !Number.isFinite(reference) || latencyMs <= LATENCY_FACTOR * reference + LATENCY_SLACK_MS;
	}

	/** How long this endpoint takes to answer lately (its fastest recent answer); Infinity when nothing answered lately. */
	roundTripMs(now: number): number {
		return this.reference(now);
	}

	/** How long a request sent at `now` may be in flight before it is overdue. */
	overdueAfterMs(now: number): number {
		const reference = this.reference(now);
		return Number.isFinite(reference) ? Math.max(OVERDUE_FLOOR_MS, OVERDUE_FACTOR * reference) : OVERDUE_FLOOR_MS;
	}

	/** The fastest answer in the current span and the one before, as they stand at `now`; Infinity when none. */
	private reference(now: number): number {
		const age = now - this.spanStart;
		if (age > 2 * LATENCY_SPAN_MS) return Infinity;
		return age > LATENCY_SPAN_MS ? this.fastest : Math.min(this.fastest, this.previousFastest);
	}
}
