import * as refusals from './refusals';

/** Send at this share of the rate the server accepted. */
const PACE_MARGIN = 0.95;
/** The learned pace never goes slower than this many sends a second. */
const MIN_RATE = 1;
/**
 * After this long without a 429 the pace probes upward every PROBE_EVERY_MS: by 5 %, then 10 %,
 * 15 %… while no 429 comes, so a cautious estimate recovers fast. Up to CAP_SHARE of the rate
 * the last 429 came at, until QUIET_MS have passed without one (a known limit is not retested
 * every few seconds), or until a sporadic 429 shows the server takes more.
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
/** Under a rate limit, how far back the line's speed (the sends the server accepted) is read to shed by. */
const SERVED_SPAN_MS = 10_000;
/** How long accepted sends are remembered for the rate estimate, and at most how many. */
const HISTORY_MS = 60_000;
const HISTORY_SENDS = 2048;

/** The reason `nextMove`'s signal aborts with: one Error made once (an abort without one builds a DOMException each time). */
const MOVED = new Error('the line moved');

/**
 * An account's pace: after a 429, the rate the server accepted (the requests it answered in the
 * last seconds) becomes a spacing between sends just under it, never slower than one a second.
 * It probes upward, but stays under that rate until it has gone QUIET_MS without a 429.
 */
export class Pace {
	/** Milliseconds between sends; 0 until a 429 teaches a rate. */
	intervalMs = 0;
	/** The rate (per second) the server accepted when it last answered 429. */
	private limitRate = Infinity;
	/** When the pace last let a request go while it paced. */
	private lastSentAt = -Infinity;
	/** Requests waiting for their turn, first in line first: each turn goes to the head. */
	private readonly line: object[] = [];
	/** What wakes each waiter when the line moves up or the pace quickens. */
	private readonly movers = new Set<() => void>();
	private lastLimitedAt = -Infinity;
	/** When the rate limit of late began: its first 429 after QUIET_MS without one. */
	private limitedSince = -Infinity;
	private lastProbeAt = 0;
	private cleanProbes = 0;
	/** Requests sent before this moment were already answered for by a cut. */
	private cutAt = -Infinity;
	/** Send times of the requests the server accepted, oldest first (in send order). */
	readonly accepted: number[] = [];
	/** Send times of the requests answered 429 within the last HISTORY_MS (at most HISTORY_SENDS). */
	private readonly refusals: number[] = [];
	/** Send times of the requests in flight, oldest first: the line moved for them too, answered or not yet. */
	private readonly inFlight: number[] = [];

	/** Whether QUIET_MS have passed without a 429. */
	calm(now: number): boolean {
		return now - this.lastLimitedAt > QUIET_MS;
	}

	/** `waiter` joins the line; `turnFor` then tells when its turn comes. */
	join(waiter: object): void {
		this.line.push(waiter);
	}

	/** When `waiter`'s turn comes, as the line stands at `now`. */
	turnFor(waiter: object, now: number): number {
		if (!this.intervalMs) return now;
		return Math.max(now, this.lastSentAt + this.intervalMs) + this.line.indexOf(waiter) * this.intervalMs;
	}

	/**
	 * `waiter` leaves the line: `sentAt` when it was sent, else it gives its turn back (refused,
	 * cancelled, or back to the line) and those behind it move up.
	 */
	leave(waiter: object, sentAt?: number): void {
		const index = this.line.indexOf(waiter);
		if (index !== -1) this.line.splice(index, 1);
		if (sentAt !== undefined) this.inFlight.push(sentAt);
		// Only paced sends set the next turn: the first send after a pace is learned goes at once.
		if (sentAt !== undefined && this.intervalMs) this.lastSentAt = sentAt;
		else if (index !== -1 && index < this.line.length) this.wake();
	}

	/** A request sent at `sentAt` ended (answered, refused or lost): no longer in flight. */
	ended(sentAt: number): void {
		const index = this.inFlight.indexOf(sentAt);
		if (index !== -1) this.inFlight.splice(index, 1);
	}

	/** The server accepted a request sent at `sentAt`: remember it, and probe the pace upward. */
	accept(sentAt: number, now: number): void {
		// In send order, not answer order: a late answer must not hide the sends after it from `acceptedSince`.
		let at = this.accepted.length;
		while (at > 0 && this.accepted[at - 1] > sentAt) at--;
		this.accepted.splice(at, 0, sentAt);
		if (this.accepted.length > HISTORY_SENDS || now - this.accepted[0] > HISTORY_MS) this.forgetOldSends(now);
		if (this.intervalMs && now - this.lastLimitedAt > PROBE_AFTER_MS && now - this.lastProbeAt > PROBE_EVERY_MS) {
			this.lastProbeAt = now;
			this.intervalMs = this.probed(this.intervalMs, ++this.cleanProbes, now);
			this.wake();
		}
	}

	/** The interval after the `probes`th probe upward from `intervalMs`, at `at`. */
	private probed(intervalMs: number, probes: number, at: number): number {
		let rate = (1000 / intervalMs) * (1 + PROBE_STEP * probes);
		if (!this.calm(at)) rate = Math.min(rate, CAP_SHARE * this.limitRate);
		// Past 1,000 requests a second there is nothing left to pace.
		return rate >= 1000 ? 0 : 1000 / Math.max(MIN_RATE, rate);
	}

	/**
	 * When a request with `ahead` others before it would get its turn, from `from` on, with the
	 * probes upward to come while answers come: an estimate to shed by, which refuses nothing the
	 * quickening pace would serve in time (`turnFor` is the turn as the pace stands). `busySince`:
	 * since when someone has waited in line without a break (see `turns`).
	 */
	estimate(from: number, ahead: number, busySince = Infinity): number {
		if (!this.intervalMs && !this.servedEvery(from, busySince)) return from;
		const turns = this.turns(from, busySince);
		for (let left = ahead; left > 0; left--) turns.next();
		return turns.next().value;
	}

	/** The estimated turns (see `estimate`) of the first in line, the second, and so on, from `from` on. */
	*turns(from: number, busySince = Infinity): Generator<number, never> {
		let interval = this.intervalMs;
		let at = interval ? Math.max(from, this.lastSentAt + interval) : from;
		let probes = this.cleanProbes;
		let probeAt = Math.max(this.lastLimitedAt + PROBE_AFTER_MS, this.lastProbeAt + PROBE_EVERY_MS);
		const servedEvery = this.servedEvery(from, busySince);
		for (let ahead = 0; ; ahead++) {
			yield Math.max(at, from + ahead * servedEvery);
			if (!interval) continue;
			let next = at + interval;
			while (interval && probeAt < next) {
				interval = this.probed(interval, ++probes, probeAt);
				next = Math.max(probeAt, at + interval);
				probeAt += PROBE_EVERY_MS;
			}
			at = next;
		}
	}

	/**
	 * Milliseconds per turn at the most, as fast as the line moved lately; 0 when that says nothing.
	 * Under a rate limit (a 429 not sporadic, within QUIET_MS) with a line that has not emptied since
	 * `busySince`, over SERVED_SPAN_MS at least, the line moves no faster than the server accepted
	 * sends over that span, in flight ones too (a long round trip hides them), holds and refusals included:
	 * the pace alone would promise turns the 429s to come take. An emptied line says what was offered.
	 */
	private servedEvery(from: number, busySince: number): number {
		if (this.calm(from) || busySince > from - SERVED_SPAN_MS) return 0;
		const served = this.rateOver(SERVED_SPAN_MS, from, this.inFlight);
		return served ? 1000 / served : 0;
	}

	/**
	 * A 429 for a request sent at `sentAt`, to be waited out for `holdMs`. Once per round of answers
	 * it learns the rate the server accepted; `true` when this 429 began a new round.
	 */
	limited(sentAt: number, now: number, holdMs: number): boolean {
		this.refusals.push(sentAt);
		while (this.refusals[0] <= now - HISTORY_MS || this.refusals.length > HISTORY_SENDS) this.refusals.shift();
		if (this.sporadic(now)) {
			// The server takes four in five at any rate: the probes upward may pass the rate a first 429 came at.
			this.limitRate = Infinity;
			return false;
		}
		if (this.calm(now)) this.limitedSince = now;
		this.lastLimitedAt = now;
		this.cleanProbes = 0;
		if (sentAt <= this.cutAt) return false;
		this.cutAt = now;
		// The rate the server accepted lately: over the last seconds (as far back as the hold asks,
		// at most a minute), or since the first answer, but never over less than a second. With
		// nothing accepted there is no rate to learn: the gate and the cut suffice.
		const lookBack = Math.min(HISTORY_MS, Math.max(ESTIMATE_SPAN_MS, holdMs));
		const rate = this.rateOver(lookBack, now);
		if (rate > 0) {
			this.limitRate = rate;
			const slower = this.intervalMs ? (REPEAT_CUT * 1000) / this.intervalMs : Infinity;
			// Never below what the server accepted under this limit: its sends over the last minute since it began.
			const since = Math.max(now - HISTORY_MS, this.limitedSince);
			const floor = (PACE_MARGIN * 1000 * this.acceptedSince(since)) / HISTORY_MS;
			this.intervalMs = 1000 / Math.max(MIN_RATE, floor, Math.min(slower, PACE_MARGIN * this.limitRate));
		}
		return true;
	}

	/**
	 * A signal that aborts when the line next moves up or the pace quickens (or `shed` aborts), for
	 * a waiter to look at its turn again (its own signal: one listener each, however long the line);
	 * and its removal.
	 */
	nextMove(shed?: AbortSignal): [AbortSignal, () => void] {
		const controller = new AbortController();
		const wake = () => controller.abort(MOVED);
		this.movers.add(wake);
		shed?.addEventListener('abort', wake);
		return [
			controller.signal,
			() => {
				this.movers.delete(wake);
				shed?.removeEventListener('abort', wake);
			},
		];
	}

	/** Those in line look at their turn again. */
	private wake(): void {
		const movers = [...this.movers];
		this.movers.clear();
		for (const wake of movers) wake();
	}

	/** Whether the 429s of the last HISTORY_MS are sporadic, not a rate limit (refusals.ts). */
	private sporadic(now: number): boolean {
		const accepted = this.accepted.slice(this.accepted.length - this.acceptedSince(now - HISTORY_MS));
		return refusals.sporadic(accepted, this.refusals, this.rateOver(HISTORY_MS, now));
	}

	/** Accepted sends (and `inFlight` ones) a second over the last `spanMs`, or since the first of them (over at least a second). */
	private rateOver(spanMs: number, now: number, inFlight: number[] = []): number {
		const count = this.acceptedSince(now - spanMs);
		const pending = inFlight.filter((sentAt) => sentAt > now - spanMs);
		const first = Math.min(count ? this.accepted[this.accepted.length - count] : Infinity, pending[0] ?? Infinity);
		return (1000 * (count + pending.length)) / Math.max(1000, Math.min(spanMs, now - first));
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
