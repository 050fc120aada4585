/**
 * How long to wait after an answer that says "not now" (a 429, or a 503 with Retry-After): the
 * server's Retry-After when it is sane, else a bounded backoff with jitter.
 */

/** The longest Retry-After obeyed. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * `Retry-After` as milliseconds to wait: delta-seconds or an HTTP date. A value that is missing,
 * unreadable, not over 0, not finite or over an hour is not obeyed (`undefined`): the bounded
 * backoff applies instead, so one absurd header cannot lock the account.
 */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
	const value = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
	let ms = NaN;
	if (/^\d+(\.\d+)?$/.test(value)) ms = Number(value) * 1000;
	else if (/^[A-Za-z]{3}, /.test(value)) ms = Date.parse(value) - now;
	return Number.isFinite(ms) && ms > 0 && ms <= MAX_RETRY_AFTER_MS ? ms : undefined;
}

/** Whether a header is there at all, whatever its value. */
export function hasHeader(header: string | string[] | undefined): boolean {
	return (Array.isArray(header) ? header[0] : header)?.trim() ? true : false;
}

/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s … capped at 30 s, each randomised. */
export function backoff(attempt: number): number {
	const ceiling = Math.min(30_000, 500 * 2 ** attempt);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
