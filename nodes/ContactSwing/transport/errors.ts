/**
 * Where ContactSwing's answers and failures become the errors users see: the API body read, the
 * advice per status, one builder per kind of failure, and the JWT redacted from all of them.
 */
import type { IExecuteFunctions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ApiRequest } from './index';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** Network failures after which nothing can have reached ContactSwing. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/** FastAPI answers `{detail: "text"}` or `{detail: [{loc, msg}]}`; anything else is shown briefly. */
export function describeApiBody(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') return `non-JSON response: ${body.trim().slice(0, 200)}`;
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
	return JSON.stringify(body).slice(0, 200);
}

const STATUS_ADVICE: Record<number, string> = {
	400: 'ContactSwing rejected the request. Check the fields named in the message.',
	401: 'The JWT was missing, invalid or expired. Check or renew the token in the "ContactSwing API" credential.',
	403: "The JWT is valid but not allowed to do this. Check the token's account and permissions.",
	404: "ContactSwing could not find what was asked for. Check the IDs and the credential's Base URL.",
	409: 'ContactSwing reports a conflict, for example something with this name or number exists already. Check ContactSwing, or use Force where the channel offers it.',
	422: 'ContactSwing could not process the request. Check the fields named in the message.',
};

const SERVER_ERROR_ADVICE =
	'ContactSwing failed on its side. The request may or may not have been carried out; check ContactSwing before running the item again, so nothing is created twice.';

export function apiError(context: Context, status: number, body: unknown, itemIndex: number, token: string) {
	const detail = redact(describeApiBody(body) ?? 'no details in the response', token);
	return new NodeApiError(context.getNode(), { message: detail, httpCode: String(status) } as JsonObject, {
		itemIndex,
		httpCode: String(status),
		message: `ContactSwing answered ${status}: ${detail}`,
		description: STATUS_ADVICE[status] ?? (status >= 500 ? SERVER_ERROR_ADVICE : undefined),
	});
}

const RATE_LIMIT_ADVICE =
	'Nothing was created for this item. Lower "Options → Parallel Requests", raise "Rate Limit Retries" or "Max Rate Limit Wait", or split the items over time (Loop Over Items with a Wait).';

export function rateLimitError(
	context: Context,
	status: number,
	body: unknown,
	itemIndex: number,
	token: string,
	retries: number,
	waitedMs: number,
) {
	const detail = redact(describeApiBody(body) ?? 'rate limit exceeded', token);
	return new NodeApiError(context.getNode(), { message: detail, httpCode: String(status) } as JsonObject, {
		itemIndex,
		httpCode: String(status),
		message: `ContactSwing rate-limited this request (${status}: ${detail}) and still did after ${retries} retries over ${Math.round(waitedMs / 1000)} s`,
		description: RATE_LIMIT_ADVICE,
	});
}

/** Another request's 429 holds the execution back for longer than this item may still wait. */
export function waitBudgetError(context: Context, itemIndex: number, maxWaitMs: number) {
	return new NodeApiError(context.getNode(), { message: 'rate limit exceeded', httpCode: '429' } as JsonObject, {
		itemIndex,
		httpCode: '429',
		message: `ContactSwing is rate-limiting this execution longer than Max Rate Limit Wait (${maxWaitMs / 1000} s) allows for this item`,
		description: RATE_LIMIT_ADVICE,
	});
}

export function isCancellation(error: Error & { code?: string }) {
	return error.code === 'ERR_CANCELED' || error.name === 'CanceledError' || error.name === 'AbortError';
}

/** Plain words for network failures: n8n replaces any message that names a code such as ECONNRESET. */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was closed before an answer arrived',
	EPIPE: 'the connection was closed before an answer arrived',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	ERR_CANCELED: 'the execution was cancelled',
};

export function networkError(
	context: Context,
	request: ApiRequest,
	error: Error & { code?: string },
	itemIndex: number,
	token: string,
	timeoutMs: number,
) {
	const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || /timeout/i.test(error.message);
	const reason = timedOut
		? `no answer within ${timeoutMs / 1000} s`
		: (NETWORK_FAILURES[error.code ?? ''] ??
			(/socket hang up/i.test(error.message) ? NETWORK_FAILURES.ECONNRESET : 'the network failed'));
	let outcome: string;
	if (request.method === 'GET') {
		outcome = "Nothing was changed. Check the network and the credential's Base URL, then run it again.";
	} else if (error.code && NOT_SENT_CODES.includes(error.code)) {
		outcome =
			"ContactSwing could not be reached, so nothing was created. Check the credential's Base URL and the network.";
	} else {
		outcome =
			'The outcome is unknown: ContactSwing may have carried out the request. Look for it in ContactSwing before running this item again, so nothing is created twice. The node never retries a create by itself.';
	}
	const technical = redact(`${error.code ? `${error.code}: ` : ''}${error.message}`, token);
	return new NodeApiError(context.getNode(), { message: reason } as JsonObject, {
		itemIndex,
		message: `No response from ContactSwing: ${reason}`,
		description: `${outcome} (${technical})`,
	});
}

/** A 2xx whose body is not the documented JSON object (empty, HTML, cut off). */
export function unreadableResponse(
	context: Context,
	request: ApiRequest,
	status: number,
	body: unknown,
	itemIndex: number,
	token: string,
) {
	const shown = redact(describeApiBody(body) ?? 'an empty response', token);
	return new NodeApiError(context.getNode(), { message: shown, httpCode: String(status) } as JsonObject, {
		itemIndex,
		httpCode: String(status),
		message: `ContactSwing answered ${status} but the response could not be read (${shown})`,
		description:
			request.method === 'GET'
				? 'Nothing was changed. Run it again; if it persists, check the Base URL points at the ContactSwing API.'
				: 'ContactSwing accepted the request, so it was probably carried out. Check ContactSwing before running this item again, so nothing is created twice.',
	});
}

function redact(text: string, token: string): string {
	return token ? text.split(token).join('***') : text;
}
