import type { Logger, NodeExecutionHint } from 'n8n-workflow';

import { monotonicNow } from './clock';
import { retryAfterMs } from './retryAfter';
import type { TokenMask } from './redact';
import type { ApiRequest } from './types';

/** A hold this long (a Retry-After, or a request's own wait) gets its own line in n8n's log. */
const LOGGED_HOLD_MS = 10_000;

/** Holds shorter than this, without a 429, are an ordinary run: no hint. */
const HINTED_HOLD_MS = 1_000;

/**
 * What one execution's requests went through, as the request loop and the pagination report it:
 * the figures of the hints shown above the output, and a line in n8n's log for each long hold and
 * each Retry-After not obeyed as sent. The account is named by a fingerprint of its key (a hash
 * of the token, never the token).
 */
export class ExecutionReport {
	private rateLimited = 0;
	private held = 0;
	private heldMs = 0;
	private longestHoldMs = 0;
	private readRetries = 0;
	private lists = 0;
	private pages = 0;
	private records = 0;
	private notSent = 0;
	private failed = 0;
	private refused = 0;
	/** When the last Retry-After logged ends (monotonic): a 429 or a wait before then is that hold's. */
	private loggedHoldUntil = -Infinity;
	/** Whether a long wait outside a logged hold was logged: one line a run, not one a request. */
	private loggedWait = false;

	constructor(private readonly logger?: Logger) {}

	/** A request waited `ms` for its turn (Retry-After, a documented limit, the pace or a place). */
	hold(request: ApiRequest, ms: number, mask: TokenMask, account = ''): void {
		if (ms <= 0) return;
		this.held++;
		this.heldMs += ms;
		this.longestHoldMs = Math.max(this.longestHoldMs, ms);
		// A wait that began under a Retry-After already logged is that hold's: one line per hold. Any
		// other (the pace, a documented limit) is logged once a run: a paced run of 1,000 items would
		// else log a line for nearly every item.
		if (ms >= LOGGED_HOLD_MS && monotonicNow() - ms >= this.loggedHoldUntil && !this.loggedWait) {
			this.loggedWait = true;
			this.logger?.info(
				`ContactSwing: ${endpoint(request, mask)} waited ${seconds(ms)} for rate limits (account ${fingerprint(account)}); the run's later waits are not logged one by one`,
			);
		}
	}

	/**
	 * ContactSwing answered 429 (or 503 with Retry-After), and `after` says what followed. A
	 * Retry-After that is there but not sane is logged, with what the node did instead; one obeyed
	 * of LOGGED_HOLD_MS or more, with the hold it asked for, once per hold (the retry's own wait
	 * starts a moment after the 429, so it measures a little less, and a request may not wait at all).
	 */
	limited(
		request: ApiRequest,
		retryAfter: string | string[] | undefined,
		mask: TokenMask,
		account: string,
		after: AfterLimit,
	): void {
		this.rateLimited++;
		const sent = (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter)?.trim();
		if (!sent) return;
		if (retryAfterMs(sent) !== undefined) return this.heldFor(request, sent, after.holdMs, mask, account);
		this.logger?.warn(
			`ContactSwing: ${endpoint(request, mask)} got Retry-After ${JSON.stringify(mask.shown(sent, 40))}, not a wait of over 0 s and at most an hour; ${whatFollowed(after)} (account ${fingerprint(account)})`,
		);
	}

	/** An obeyed Retry-After `sent` holds requests for `holdMs`: logged when long, unless a hold logged is still on. */
	private heldFor(request: ApiRequest, sent: string, holdMs: number, mask: TokenMask, account: string): void {
		if (holdMs < LOGGED_HOLD_MS) return;
		const now = monotonicNow();
		const logged = now < this.loggedHoldUntil;
		this.loggedHoldUntil = Math.max(this.loggedHoldUntil, now + holdMs);
		if (logged) return;
		this.logger?.info(
			`ContactSwing: ${endpoint(request, mask)} got Retry-After ${JSON.stringify(mask.shown(sent, 40))}: the node holds requests back ${seconds(holdMs)} for rate limits (account ${fingerprint(account)})`,
		);
	}

	readRetried(): void {
		this.readRetries++;
	}

	/** One page of a list came back with `records` records; page 1 starts a list. */
	pageRead(page: number, records: number): void {
		if (page === 1) this.lists++;
		this.pages++;
		this.records += records;
	}

	/** A Dry Run described a request instead of sending it. */
	notSentDryRun(): void {
		this.notSent++;
	}

	/** An item failed and was output with its error (Continue On Fail); `beforeSending` when the node refused it. */
	itemFailed(beforeSending: boolean): void {
		this.failed++;
		if (beforeSending) this.refused++;
	}

	/** One short hint per kind of event, with its figures; none after an ordinary fast run. */
	hints(items: number): NodeExecutionHint[] {
		const hints: string[] = [];
		if (this.rateLimited > 0 || this.longestHoldMs >= HINTED_HOLD_MS) {
			// Each half only when it happened: a 429 may fail its item at once, a hold may follow another execution's 429.
			const limited = `ContactSwing rate-limited ${count(this.rateLimited, 'request')}`;
			const held = `held ${count(this.held, 'request')} back for rate limits, ${seconds(this.heldMs)} in all, the longest wait ${seconds(this.longestHoldMs)}`;
			if (this.held === 0) hints.push(limited);
			else hints.push(this.rateLimited > 0 ? `${limited}; the node ${held}` : `The node ${held}`);
		}
		if (this.readRetries > 0) {
			hints.push(`Retried ${count(this.readRetries, 'read')} after a timeout, a reset or a 5xx answer`);
		}
		if (this.pages > this.lists) {
			hints.push(`Read ${count(this.pages, 'page')} (${count(this.records, 'record')}) of ContactSwing's lists`);
		}
		if (this.failed > 0) {
			const refused = this.refused > 0 ? `, ${this.refused.toLocaleString('en-US')} refused before sending` : '';
			hints.push(
				`${this.failed.toLocaleString('en-US')} of ${count(items, 'item')} failed${refused}; ${this.failed === 1 ? 'its output item carries the error' : 'each output item carries its error'}`,
			);
		}
		if (this.notSent > 0) {
			hints.push(
				`Dry Run: ${count(this.notSent, 'request')} not sent; each item shows the request the node would have sent`,
			);
		}
		return hints.map((message) => ({ message, type: 'info', location: 'outputPane' }));
	}
}

/** What followed a 429: the hold it set, and whether the request had a retry and wait left to be sent again. */
interface AfterLimit {
	holdMs: number;
	retriesLeft: boolean;
	waitLeft: boolean;
}

/** What the node did instead of obeying a Retry-After: retried after a backoff, or failed the request (and why). */
function whatFollowed({ holdMs, retriesLeft, waitLeft }: AfterLimit): string {
	const backoff = `back off ${seconds(holdMs)} instead (0.5 s doubling, at most 30 s)`;
	if (retriesLeft && waitLeft) return `the node will ${backoff}, then send it again`;
	const why = retriesLeft ? 'waiting would pass Max Rate Limit Wait' : 'no Rate Limit Retries were left';
	return `the request failed, as ${why}; the node's next requests ${backoff}`;
}

/** The method and path, masked: a path may carry the token (an ID typed or mapped by mistake). */
function endpoint({ method, path }: ApiRequest, mask: TokenMask): string {
	return mask.masked(`${method} ${path}`);
}

/** The account key's hash, cut to 8 characters: enough to tell accounts apart in a log. */
function fingerprint(account: string): string {
	return account.split(' ').pop()?.slice(0, 8) || 'unknown';
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

function count(n: number, noun: string): string {
	return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
