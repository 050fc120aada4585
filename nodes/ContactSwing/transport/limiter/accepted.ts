/** How long sends are remembered for the rates learned from them, and at most how many. */
export const HISTORY_MS = 60_000;
export const HISTORY_SENDS = 2048;

/** The send times of the requests an account's server accepted lately, oldest first (in send order). */
export class AcceptedSends {
	readonly times: number[] = [];

	/** The server accepted a request sent at `sentAt`, answered at `now`. */
	add(sentAt: number, now: number): void {
		// In send order, not answer order: a late answer must not hide the sends after it from `after`.
		let at = this.times.length;
		while (at > 0 && this.times[at - 1] > sentAt) at--;
		this.times.splice(at, 0, sentAt);
		if (this.times.length > HISTORY_SENDS || now - this.times[0] > HISTORY_MS) this.forgetOld(now);
	}

	/** The sends made after `since`. */
	after(since: number): number[] {
		let start = this.times.length;
		while (start > 0 && this.times[start - 1] > since) start--;
		return this.times.slice(start);
	}

	/** Sends (and `inFlight` ones) a second over the `spanMs` up to `now`, or since the first of them (over at least a second). */
	rateOver(spanMs: number, now: number, inFlight: number[] = []): number {
		let end = this.times.length;
		while (end > 0 && this.times[end - 1] > now) end--;
		let start = end;
		while (start > 0 && this.times[start - 1] > now - spanMs) start--;
		const pending = inFlight.filter((sentAt) => sentAt > now - spanMs);
		const first = Math.min(end > start ? this.times[start] : Infinity, pending[0] ?? Infinity);
		return (1000 * (end - start + pending.length)) / Math.max(1000, Math.min(spanMs, now - first));
	}

	private forgetOld(now: number): void {
		const keepFrom = this.times.findIndex((sentAt) => now - sentAt <= HISTORY_MS);
		this.times.splice(
			0,
			keepFrom === -1 ? this.times.length : Math.max(keepFrom, this.times.length - HISTORY_SENDS / 2),
		);
	}
}
