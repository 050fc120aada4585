import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { apiError, isCancellation, networkError, rateLimitError, unreadableResponse, waitBudgetError } from './errors';
import { normaliseBaseUrl } from './baseUrl';
import { encodeMultipart } from './multipart';
import type { Session } from './policy';
import { newSession } from './policy';
import { limiterFor } from './limiter';
import { isObject } from '../helpers/objects';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Sent as multipart/form-data instead of JSON: text fields (repeated for arrays) and files. */
	multipart?: {
		fields: Array<[string, string]>;
		files: Array<{ field: string; fileName: string; mimeType: string; data: Buffer }>;
	};
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

/**
 * The one place that talks to ContactSwing: the request and its retries.
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
	{ policy, state }: Session = newSession(),
): Promise<IDataObject> {
	state.credentials ??= this.getCredentials('contactSwingApi', itemIndex);
	const credentials = await state.credentials;
	const token = String(credentials.token ?? '');
	const credentialsDecrypted = { id: '', name: '', type: 'contactSwingApi', data: credentials };
	const multipart = request.multipart && encodeMultipart(request.multipart);
	const baseURL = normaliseBaseUrl(this, credentials.baseUrl, itemIndex);
	state.limiter ??= limiterFor(baseURL, token);
	const limiter = state.limiter;
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL,
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
		// Time held by the server's Retry-After or a documented limit counts against Max Rate Limit Wait.
		const slot = await limiter.take(request.method, options.url, policy.maxRetryWaitMs - rateLimitWaited);
		if (!slot) throw waitBudgetError(this, itemIndex, policy.maxRetryWaitMs);
		rateLimitWaited += slot.rateLimitWaitMs;
		let response: ApiResponse | undefined;
		let failure: (Error & { code?: string }) | undefined;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, 'contactSwingApi', options, {
				credentialsDecrypted,
			})) as ApiResponse;
		} catch (error) {
			// n8n wraps the HTTP client's error (whose config holds the JWT); only its cause's code and message are used.
			failure = ((error as Error).cause ?? error) as Error & { code?: string };
			limiter.abandoned();
		}

		if (failure) {
			if (isRead && readRetries < policy.readRetries && !isCancellation(failure)) {
				await sleep(backoff(readRetries++));
				continue;
			}
			throw networkError(this, request, failure, itemIndex, token, policy.timeoutMs);
		}
		const { statusCode, headers, body } = response!;
		const retryAfter = parseRetryAfter(headers['retry-after']);
		const rateLimited = statusCode === 429 || (statusCode === 503 && retryAfter !== undefined);
		if (rateLimited) limiter.limited(slot, retryAfter ?? backoff(rateLimitRetries));
		else limiter.answered(slot);
		if (statusCode < 400) {
			if (isObject(body)) return body;
			if (request.emptyResponseOk && (body === undefined || body === '')) return {};
			throw unreadableResponse(this, request, statusCode, body, itemIndex, token);
		}

		if (rateLimited) {
			// The limiter now holds every request to this account back, not just this one.
			if (
				rateLimitRetries < policy.maxRetries &&
				rateLimitWaited + (limiter.resumeAt - Date.now()) <= policy.maxRetryWaitMs
			) {
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
