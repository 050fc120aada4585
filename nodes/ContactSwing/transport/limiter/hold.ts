/** What a 429 asks for: nothing it covers (an account, or a documented endpoint) starts before `until`. */
export class Hold {
	until = 0;

	/** Holds for `ms` from `now`: a shorter hold never shortens one still on. */
	extend(now: number, ms: number): void {
		this.until = Math.max(this.until, now + ms);
	}
}
