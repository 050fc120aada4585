/**
 * Where ContactSwing's answers and failures become the errors users see: the API body read, the
 * advice per status, one builder for every kind of failure, and the JWT masked in all of them.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiRequest, NetworkFailure } from './types';
import type { TokenMask } from './redact';
import type { Refusal } from './limiter/turn';
import { MAX_WAITING_EXECUTIONS } from './limiter/waiting';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** FastAPI answers `{detail: "text"}` or `{detail: [{loc, msg}]}`; anything else is shown briefly. */
export function describeApiBody(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (body === TOO_LARGE) return `an answer larger than ${MAX_ANSWER_MB} MB, not read`;
	if (typeof body === 'string') return `non-JSON response: ${body.trim()}`;
	const { detail, message } = body as { detail?: unknown; message?: unknown };
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail)) {
		return detail
			.map((entry: { loc?: unknown[]; msg?: unknown }) => {
				const location = Array.isArray(entry?.loc) ? entry.loc.filter((part) => part !== 'body').join('.') : '';
				const text = typeof entry?.msg === 'string' ? entry.msg : JSON.stringify(entry);
				return location ? `${location}: ${text}` : text;
			})
			.join('; ');
	}
	if (typeof message === 'string') return message;
	return JSON.stringify(body);
}

/** The most of an answer the node reads; a larger one is refused, never held in memory. */
export const MAX_ANSWER_MB = 5;
/** Stands for the body of an answer larger than MAX_ANSWER_MB. */
export const TOO_LARGE = Symbol('an answer too large to read');

/** Every error the node raises about ContactSwing: a message, what to do, and the HTTP status if there was one. */
export function contactSwingError(
	context: Context,
	itemIndex: number,
	{ message, description, status }: { message: string; description?: string; status?: number },
) {
	const httpCode = status === undefined ? undefined : String(status);
	return new NodeApiError(context.getNode(), { message, ...(httpCode ? { httpCode } : {}) } as JsonObject, {
		itemIndex,
		message,
		description,
		...(httpCode ? { httpCode } : {}),
	});
}

export const STATUS_ADVICE: Record<number, string> = {
	400: 'ContactSwing rejected the request. Check the fields named in the message.',
	401: 'The JWT was missing, invalid or expired. Check or renew the token in the "ContactSwing API" credential.',
	403: "The JWT is valid but not allowed to do this. Check the token's account and permissions.",
	404: "ContactSwing could not find what was asked for. Check the IDs and the credential's Base URL.",
	409: 'ContactSwing reports a conflict, for example something with this name or number exists already. Check ContactSwing, or use Force where the channel offers it.',
	422: 'ContactSwing could not process the request. Check the fields named in the message.',
};

const SERVER_ERROR_ADVICE =
	'ContactSwing failed on its side. The request may or may not have been carried out; check ContactSwing before running the item again, so nothing is created twice.';

export function apiError(context: Context, status: number, body: unknown, itemIndex: number, mask: TokenMask) {
	const detail = mask.shown(describeApiBody(body) ?? 'no details in the response');
	return contactSwingError(context, itemIndex, {
		status,
		message: `ContactSwing answered ${status}: ${detail}`,
		description: STATUS_ADVICE[status] ?? (status >= 500 ? SERVER_ERROR_ADVICE : undefined),
	});
}

/**
 * A 3xx: the node follows no redirect, so the JWT never goes to another host and the https-only
 * Base URL rule cannot be got round. Only the target's origin is named, never its path.
 */
export function redirectError(
	context: Context,
	status: number,
	location: unknown,
	requestUrl: string,
	itemIndex: number,
	mask: TokenMask,
) {
	let target = 'an address it did not give';
	if (typeof location === 'string' && location.trim()) {
		const raw = location.trim();
		try {
			// Checked before the URL parser lower-cases the host: a token there would be shown case-folded.
			target = mask.masked(raw) === raw ? new URL(raw, requestUrl).origin : 'an address that holds the token';
		} catch {
			target = 'an unreadable address';
		}
	}
	return contactSwingError(context, itemIndex, {
		status,
		message: `ContactSwing answered ${status}, a redirect to ${mask.shown(target)}, and the node follows no redirects`,
		description:
			"Nothing was sent to that address. Check the credential's Base URL: it must be the ContactSwing API host itself, not an address that forwards to it.",
	});
}

const RATE_LIMIT_ADVICE =
	'Nothing was created for this item. Lower "Options → Parallel Requests", raise "Rate Limit Retries" or "Max Rate Limit Wait", or split the items over time (Loop Over Items with a Wait).';

export function rateLimitError(
	context: Context,
	status: number,
	body: unknown,
	itemIndex: number,
	mask: TokenMask,
	retries: number,
	waitedMs: number,
) {
	const detail = mask.shown(describeApiBody(body) ?? 'rate limit exceeded');
	return contactSwingError(context, itemIndex, {
		status,
		message: `ContactSwing rate-limited this request (${status}: ${detail}) and still did after ${retries} retries over ${Math.round(waitedMs / 1000)} s`,
		description: RATE_LIMIT_ADVICE,
	});
}

/**
 * The limiter refused the item before sending it: another request's 429 holds the execution back
 * for longer than this item may still wait, or too many executions already wait for rate limits.
 */
export function refusalError(context: Context, itemIndex: number, maxWaitMs: number, refusal: Refusal) {
	const { ahead, intervalMs, holdMs, executionsWaiting } = refusal;
	const pace = intervalMs ? `one every ${Math.round(intervalMs)} ms` : 'none';
	const figures = `${ahead} waiting ahead, pace: ${pace}, hold: ${Math.ceil(holdMs / 1000)} s`;
	if (executionsWaiting !== undefined) return tooManyWaiting(context, itemIndex, executionsWaiting, figures);
	return contactSwingError(context, itemIndex, {
		status: 429,
		message: `ContactSwing is rate-limiting this execution longer than Max Rate Limit Wait (${maxWaitMs / 1000} s) allows for this item (${figures})`,
		description: RATE_LIMIT_ADVICE,
	});
}

/** Past MAX_WAITING_EXECUTIONS executions waiting for rate limits, a flood is refused rather than let take n8n down. */
function tooManyWaiting(context: Context, itemIndex: number, executionsWaiting: number, figures: string) {
	return contactSwingError(context, itemIndex, {
		status: 429,
		message: `ContactSwing is rate-limiting this account, and ${executionsWaiting} executions already wait for rate limits in this n8n (the node lets at most ${MAX_WAITING_EXECUTIONS} wait at once), so this item fails without waiting (${figures})`,
		description: `Nothing was created for this item. Each waiting execution holds n8n's memory (about 11 MB on n8n 2.x): the node refuses more rather than let a flood take n8n down. Start fewer executions at once: lower the trigger's rate, set n8n's N8N_CONCURRENCY_PRODUCTION_LIMIT or use queue mode, or lower "Options → Max Rate Limit Wait" so that fewer wait.`,
	});
}

/** Network failures after which nothing can have reached ContactSwing. */
export const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/** Plain words for network failures: n8n replaces any message that names a code such as ECONNRESET. */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was closed before an answer arrived',
	EPIPE: 'the connection was closed before an answer arrived',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	ERR_CANCELED: 'the execution was cancelled',
};

/** A network failure in plain words, for example "the connection was refused". */
export function failureReason(failure: NetworkFailure, timeoutMs: number): string {
	if (failure.timedOut) return `no answer within ${timeoutMs / 1000} s`;
	return (
		NETWORK_FAILURES[failure.code ?? ''] ??
		(connectionClosed(failure) ? NETWORK_FAILURES.ECONNRESET : 'the network failed')
	);
}

/** The connection closed before an answer: a reset, a broken pipe, or the HTTP client's "socket hang up". */
function connectionClosed(failure: NetworkFailure): boolean {
	return ['ECONNRESET', 'EPIPE'].includes(failure.code ?? '') || /socket hang up/i.test(failure.message);
}

export function networkError(
	context: Context,
	request: ApiRequest,
	failure: NetworkFailure,
	itemIndex: number,
	mask: TokenMask,
	timeoutMs: number,
) {
	// An upload whose connection was reset without an answer: the server closed it with the files unread
	// (a request size limit, such as Cloud Run's 32 MiB, does this). A plain close ("socket hang up") may
	// come after the whole upload, from a server that stored it: that outcome is unknown.
	const uploadStopped =
		request.multipart !== undefined &&
		!failure.timedOut &&
		connectionClosed(failure) &&
		!/socket hang up/i.test(failure.message);
	const reason = uploadStopped ? 'the server stopped the upload before it finished' : failureReason(failure, timeoutMs);
	let outcome: string;
	if (uploadStopped) {
		outcome =
			'ContactSwing, or a proxy before it, closed the connection while the files were being sent, so they were probably not stored. A request size limit does this (Cloud Run allows 32 MiB): send smaller files, and check the knowledge base before running the item again.';
	} else if (request.method === 'GET') {
		outcome = "Nothing was changed. Check the network and the credential's Base URL, then run it again.";
	} else if (failure.code && NOT_SENT_CODES.includes(failure.code)) {
		outcome =
			"ContactSwing could not be reached, so nothing was created. Check the credential's Base URL and the network.";
	} else {
		outcome =
			'The outcome is unknown: ContactSwing may have carried out the request. Look for it in ContactSwing before running this item again, so nothing is created twice. The node never retries a create by itself.';
	}
	const technical = mask.shown(`${failure.code ? `${failure.code}: ` : ''}${failure.message}`);
	return contactSwingError(context, itemIndex, {
		message: `No response from ContactSwing: ${reason}`,
		description: `${outcome} (${technical})`,
	});
}

/** A 2xx whose body is not the documented JSON object (empty, HTML, cut off, too large, a list of the wrong shape). */
export function unreadableResponse(
	context: Context,
	request: ApiRequest,
	status: number,
	what: string,
	itemIndex: number,
	mask: TokenMask,
) {
	const detail = mask.shown(what);
	return contactSwingError(context, itemIndex, {
		status,
		message: `ContactSwing answered ${status} but the response could not be read (${detail})`,
		description:
			request.method === 'GET'
				? 'Nothing was changed. Run it again; if it persists, check the Base URL points at the ContactSwing API.'
				: 'ContactSwing accepted the request, so it was probably carried out. Check ContactSwing before running this item again, so nothing is created twice.',
	});
}
