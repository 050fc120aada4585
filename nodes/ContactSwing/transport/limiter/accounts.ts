import { createHash } from 'crypto';

import { monotonicNow } from '../clock';
import { AccountLimiter } from './limiter';

/** Accounts remembered per process, and how long an idle one is kept. */
const MAX_ACCOUNTS = 100;
const IDLE_MS = 15 * 60_000;

/**
 * One limiter per account, for the life of the n8n process. Idle accounts are forgotten after
 * IDLE_MS, on every lookup; past MAX_ACCOUNTS the least recently used idle one goes. An account
 * with requests running or waiting, a gate still closed, or documented sends within the last
 * minute is never forgotten (that would break the documented limits), so only while more than
 * MAX_ACCOUNTS accounts are busy at once can there be more.
 */
class AccountRegistry {
	private readonly accounts = new Map<string, AccountLimiter>();

	get size(): number {
		return this.accounts.size;
	}

	/** The limiter of the account `key` (see `accountKey`), made on first use. */
	limiterFor(key: string, now = monotonicNow()): AccountLimiter {
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
