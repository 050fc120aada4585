import { AcceptedSends, HISTORY_MS, HISTORY_SENDS } from './accepted';
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
	/** The round the last cut began: sends made before its refused one (`sentAt`) may be answered after its 429. */
	private round?: { at: number; sentAt: number; lookBackMs: number; intervalBeforeMs: number };
	/** The requests the server accepted lately. */
	readonly accepted = new AcceptedSends();
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
		this.accepted.add(sentAt, now);
		// Sent before the request a 429 refused and answered after it: its round accepted more than it learned.
		if (this.round && sentAt < this.round.sentAt) this.learn(this.round, true);
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
		const served = this.accepted.rateOver(SERVED_SPAN_MS, from, this.inFlight);
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
		// The rate accepted over the last seconds (as far back as the hold asks, at most a minute).
		const lookBackMs = Math.min(HISTORY_MS, Math.max(ESTIMATE_SPAN_MS, holdMs));
		this.round = { at: now, sentAt, lookBackMs, intervalBeforeMs: this.intervalMs };
		this.learn(this.round);
		return true;
	}

	/**
	 * Learns the rate the server accepted in `round`, up to its 429; nothing accepted, nothing to
	 * learn. `again`: an answer that came after the 429 counts too, and may only quicken the pace (one
	 * learned while a burst's answers were still being read was up to 30 % too slow).
	 */
	private learn(round: NonNullable<Pace['round']>, again = false): void {
		if (again && !Number.isFinite(this.limitRate)) return; // the 429s since were judged sporadic
		const rate = this.accepted.rateOver(round.lookBackMs, round.at);
		if (!rate) return;
		this.limitRate = again ? Math.max(this.limitRate, rate) : rate;
		const slower = round.intervalBeforeMs ? (REPEAT_CUT * 1000) / round.intervalBeforeMs : Infinity;
		// Never below what the server accepted under this limit: its sends over the last minute since it began.
		const since = Math.max(round.at - HISTORY_MS, this.limitedSince);
		const floor = (PACE_MARGIN * 1000 * this.accepted.after(since).length) / HISTORY_MS;
		const intervalMs = 1000 / Math.max(MIN_RATE, floor, Math.min(slower, PACE_MARGIN * rate));
		if (!again) this.intervalMs = intervalMs;
		else if (intervalMs < this.intervalMs) {
			this.intervalMs = intervalMs;
			this.wake();
		}
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
		return refusals.sporadic(
			this.accepted.after(now - HISTORY_MS),
			this.refusals,
			this.accepted.rateOver(HISTORY_MS, now),
		);
	}
}
