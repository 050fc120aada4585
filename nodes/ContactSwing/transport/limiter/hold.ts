/**
 * What a 429 asks for: nothing it covers (an account, or a documented endpoint) starts before
 * `until`. `since` is when the hold began without a break, so that time already spent waiting
 * under it counts too.
 */
export class Hold {
	until = 0;
	private since = 0;

	/** Holds for `ms` from `now`, extending a hold still on (its start stays). */
	extend(now: number, ms: number): void {
		if (this.until <= now) this.since = now;
		this.until = Math.max(this.until, now + ms);
	}

	/** When the hold that is on at `now` began; Infinity when none is. */
	onSince(now: number): number {
		return this.until > now ? this.since : Infinity;
	}
}
