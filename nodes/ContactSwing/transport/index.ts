import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { isObject } from '../helpers/fields';
import type { BaseUrlError } from './baseUrl';
import { contactSwingBaseUrl } from './baseUrl';
import { policyFromOptions, type RequestPolicy } from './policy';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Sent as multipart/form-data instead of JSON: text fields (repeated for arrays) and files. */
	multipart?: { fields: Array<[string, string]>; files: Array<{ field: string; fileName: string; mimeType: string; data: Buffer }> };
	/** The docs show no response for this endpoint: an empty 2xx is a success. */
	emptyResponseOk?: boolean;
	/** Tried once when `path` answers 404, which creates nothing: for a path the docs spell two ways. */
	pathIfNotFound?: string;
}

interface ApiResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** Network failures after which nothing can have reached ContactSwing. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

/**
 * The one place that talks to ContactSwing.
 * - HTTP errors come back as data (never as an HTTP client error, whose request config would
 *   carry the JWT) and become a clean `NodeApiError`.
 * - 429, and 503 with Retry-After, are retried after Retry-After or a jittered backoff, within
 *   the policy's bounds: the server said it did not process the request.
 * - A POST is never retried after a timeout, a reset or a 5xx: it may have created something.
 *   Reads (GET) are retried on those, a bounded number of times.
 */
export async function contactSwingRequest(
	this: Context,
	request: ApiRequest,
	itemIndex = 0,
	policy: RequestPolicy = policyFromOptions({}),
): Promise<IDataObject> {
	policy.credentials ??= this.getCredentials('contactSwingApi', itemIndex);
	const credentials = await policy.credentials;
	const token = String(credentials.token ?? '');
	const credentialsDecrypted = { id: '', name: '', type: 'contactSwingApi', data: credentials };
	const multipart = request.multipart && encodeMultipart(request.multipart);
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: normaliseBaseUrl(this, credentials.baseUrl, itemIndex),
		url: request.path,
		body: multipart ? multipart.body : request.body,
		headers: multipart ? { 'Content-Type': multipart.contentType } : undefined,
		qs: request.qs,
		json: !multipart,
		timeout: policy.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	const isRead = request.method === 'GET';

	let rateLimitWaited = 0;
	let rateLimitRetries = 0;
	let readRetries = 0;
	for (;;) {
		// Time held at the execution's shared gate counts against this item's Max Rate Limit Wait too.
		const gateWait = policy.gate.resumeAt - Date.now();
		if (gateWait > 0) {
			if (rateLimitWaited + gateWait > policy.maxRetryWaitMs) {
				throw waitBudgetError(this, itemIndex, policy.maxRetryWaitMs);
			}
			const before = Date.now();
			await sleep(gateWait);
			rateLimitWaited += Date.now() - before;
		}
		let response: ApiResponse | undefined;
		let failure: (Error & { code?: string }) | undefined;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, 'contactSwingApi', options, { credentialsDecrypted })) as ApiResponse;
		} catch (error) {
			// n8n wraps the HTTP client's error (whose config holds the JWT); only its cause's code and message are used.
			failure = ((error as Error).cause ?? error) as Error & { code?: string };
		}

		if (failure) {
			if (isRead && readRetries < policy.readRetries && !isCancellation(failure)) {
				await sleep(backoff(readRetries++));
				continue;
			}
			throw networkError(this, request, failure, itemIndex, token, policy);
		}
		const { statusCode, headers, body } = response!;
		if (statusCode < 400) {
			if (isObject(body)) return body;
			if (request.emptyResponseOk && (body === undefined || body === '')) return {};
			throw unreadableResponse(this, request, statusCode, body, itemIndex, token);
		}

		const retryAfter = parseRetryAfter(headers['retry-after']);
		if (statusCode === 429 || (statusCode === 503 && retryAfter !== undefined)) {
			// Every request of this execution holds back until then, not just this one.
			policy.gate.resumeAt = Math.max(policy.gate.resumeAt, Date.now() + (retryAfter ?? backoff(rateLimitRetries)));
			if (rateLimitRetries < policy.maxRetries && rateLimitWaited + (policy.gate.resumeAt - Date.now()) <= policy.maxRetryWaitMs) {
				rateLimitRetries++;
				continue;
			}
			throw rateLimitError(this, statusCode, body, itemIndex, token, rateLimitRetries, rateLimitWaited);
		}
		if (statusCode === 404 && request.pathIfNotFound && options.url !== request.pathIfNotFound) {
			options.url = request.pathIfNotFound;
			continue;
		}
		if (isRead && statusCode >= 500 && readRetries < policy.readRetries) {
			await sleep(backoff(readRetries++));
			continue;
		}
		throw apiError(this, statusCode, body, itemIndex, token);
	}
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value || !value.trim()) return undefined;
	const seconds = Number(value.trim());
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s … capped at 30 s, each randomised. */
function backoff(attempt: number): number {
	const ceiling = Math.min(30_000, 500 * 2 ** attempt);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

/**
 * multipart/form-data built by hand: no runtime dependency, and the body is a Buffer, so the exact
 * bytes are known (and could be sent again, though a PUT is never retried here).
 */
function encodeMultipart({ fields, files }: NonNullable<ApiRequest['multipart']>) {
	const boundary = `----ContactSwingN8n${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const quote = (text: string) => text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
	const parts: Buffer[] = [];
	for (const [name, value] of fields) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
	}
	for (const file of files) {
		parts.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.fileName)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`),
			file.data,
			Buffer.from('\r\n'),
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const PAGE_SIZE = 100;

/**
 * Reads a paginated list (`data.data` + `data.pagination`) page by page, following `has_next`
 * (or `total_pages` / `total_records` where that is all the endpoint gives), up to `limit` records.
 */
export async function contactSwingRequestAllPages(
	this: Context,
	request: ApiRequest,
	itemIndex = 0,
	limit = Infinity,
	policy: RequestPolicy = policyFromOptions({}),
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (let page = 1; records.length < limit; page++) {
		const pageRequest = { ...request, qs: { ...request.qs, page, per_page: Math.min(PAGE_SIZE, limit) } };
		const response = await contactSwingRequest.call(this, pageRequest, itemIndex, policy);
		const data = (response.data ?? {}) as { data?: IDataObject[]; pagination?: IDataObject };
		const pageRecords = Array.isArray(data.data) ? data.data : [];
		records.push(...pageRecords);
		if (pageRecords.length === 0 || !hasNextPage(data.pagination, page, records.length)) break;
	}
	return records.slice(0, limit);
}

function hasNextPage(pagination: IDataObject | undefined, page: number, seen: number): boolean {
	if (!pagination) return false;
	if (typeof pagination.has_next === 'boolean') return pagination.has_next;
	if (typeof pagination.total_pages === 'number') return page < pagination.total_pages;
	if (typeof pagination.total_records === 'number') return seen < pagination.total_records;
	return false;
}

/** The credential's Base URL, checked before anything is sent; the item's error names the fix. */
export function normaliseBaseUrl(context: Context, raw: unknown, itemIndex = 0): string {
	try {
		return contactSwingBaseUrl(raw);
	} catch (error) {
		const { message, description } = error as BaseUrlError;
		throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
	}
}

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
	'ContactSwing had a server error. The request may or may not have been carried out; check ContactSwing before running the item again, so nothing is created twice.';

function apiError(context: Context, status: number, body: unknown, itemIndex: number, token: string) {
	const detail = redact(describeApiBody(body) ?? 'no details in the response', token);
	return new NodeApiError(context.getNode(), { message: detail, httpCode: String(status) } as JsonObject, {
		itemIndex,
		httpCode: String(status),
		message: `ContactSwing API error ${status}: ${detail} [item ${itemIndex}]`,
		description: STATUS_ADVICE[status] ?? (status >= 500 ? SERVER_ERROR_ADVICE : undefined),
	});
}

const RATE_LIMIT_ADVICE =
	'Nothing was created for this item. Lower "Options → Parallel Requests", raise "Rate Limit Retries" or "Max Rate Limit Wait", or split the items over time (Loop Over Items with a Wait).';

function rateLimitError(context: Context, status: number, body: unknown, itemIndex: number, token: string, retries: number, waitedMs: number) {
	const detail = redact(describeApiBody(body) ?? 'rate limit exceeded', token);
	return new NodeApiError(context.getNode(), { message: detail, httpCode: String(status) } as JsonObject, {
		itemIndex,
		httpCode: String(status),
		message: `ContactSwing rate-limited this request (${status}: ${detail}) and still did after ${retries} retries over ${Math.round(waitedMs / 1000)} s [item ${itemIndex}]`,
		description: RATE_LIMIT_ADVICE,
	});
}

/** Another request's 429 holds the execution back for longer than this item may still wait. */
function waitBudgetError(context: Context, itemIndex: number, maxWaitMs: number) {
	return new NodeApiError(context.getNode(), { message: 'rate limit exceeded', httpCode: '429' } as JsonObject, {
		itemIndex,
		httpCode: '429',
		message: `ContactSwing is rate-limiting this execution longer than Max Rate Limit Wait (${maxWaitMs / 1000} s) allows for this item [item ${itemIndex}]`,
		description: RATE_LIMIT_ADVICE,
	});
}

function isCancellation(error: Error & { code?: string }) {
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

function networkError(context: Context, request: ApiRequest, error: Error & { code?: string }, itemIndex: number, token: string, policy: RequestPolicy) {
	const timedOut = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || /timeout/i.test(error.message);
	const reason = timedOut
		? `no answer within ${policy.timeoutMs / 1000} s`
		: (NETWORK_FAILURES[error.code ?? ''] ?? (/socket hang up/i.test(error.message) ? NETWORK_FAILURES.ECONNRESET : 'a network error'));
	let outcome: string;
	if (request.method === 'GET') {
		outcome = "Nothing was changed. Check the network and the credential's Base URL, then run it again.";
	} else if (error.code && NOT_SENT_CODES.includes(error.code)) {
		outcome = "ContactSwing could not be reached, so nothing was created. Check the credential's Base URL and the network.";
	} else {
		outcome =
			'The outcome is unknown: ContactSwing may have carried out the request. Look for it in ContactSwing before running this item again, so nothing is created twice. The node never retries a create by itself.';
	}
	const technical = redact(`${error.code ? `${error.code}: ` : ''}${error.message}`, token);
	return new NodeApiError(context.getNode(), { message: reason } as JsonObject, {
		itemIndex,
		message: `No response from ContactSwing: ${reason} [item ${itemIndex}]`,
		description: `${outcome} (${technical})`,
	});
}

/** A 2xx whose body is not the documented JSON object (empty, HTML, cut off). */
function unreadableResponse(context: Context, request: ApiRequest, status: number, body: unknown, itemIndex: number, token: string) {
	const shown = redact(describeApiBody(body) ?? 'an empty response', token);
	return new NodeApiError(context.getNode(), { message: shown, httpCode: String(status) } as JsonObject, {
		itemIndex,
		httpCode: String(status),
		message: `ContactSwing answered ${status} but the response could not be read (${shown}) [item ${itemIndex}]`,
		description:
			request.method === 'GET'
				? 'Nothing was changed. Run it again; if it persists, check the Base URL points at the ContactSwing API.'
				: 'ContactSwing accepted the request, so it was probably carried out. Check ContactSwing before running this item again, so nothing is created twice.',
	});
}

function redact(text: string, token: string): string {
	return token ? text.split(token).join('***') : text;
}
