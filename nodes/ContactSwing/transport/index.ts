import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import {
	apiError,
	describeApiBody,
	networkError,
	rateLimitError,
	redirectError,
	unreadableResponse,
	waitBudgetError,
} from './errors';
import { exchange } from './http';
import { TokenMask } from './redact';
import { normaliseBaseUrl } from './baseUrl';
import { encodeMultipart } from './multipart';
import type { Session } from './policy';
import { newSession } from './policy';
import { accountKey, accounts } from './limiter';
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

/**
 * The one place that talks to ContactSwing: the request and its retries.
 * - HTTP errors come back as data (never as an HTTP client error, whose request config would
 *   carry the JWT) and become a clean `NodeApiError`. No redirect is followed.
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
	// A pasted token often carries a space or a line break; the credential trims it the same way.
	const token = String(credentials.token ?? '').trim();
	const mask = (state.mask ??= new TokenMask(token));
	const multipart = request.multipart && encodeMultipart(request.multipart);
	const baseURL = normaliseBaseUrl(this, credentials.baseUrl, itemIndex);
	state.account ??= accountKey(baseURL, token);
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL,
		url: request.path,
		body: multipart ? multipart.body : request.body,
		headers: multipart ? { 'Content-Type': multipart.contentType } : undefined,
		qs: request.qs,
		json: !multipart,
	};
	const isRead = request.method === 'GET';

	let rateLimitWaited = 0;
	let rateLimitRetries = 0;
	let readRetries = 0;
	for (;;) {
		// Looked up for every request: every use keeps the account remembered.
		const limiter = accounts.limiterFor(state.account);
		// Time held by the server's Retry-After, a documented limit or the pace counts against Max Rate Limit Wait.
		const slot = await limiter.take(
			request.method,
			options.url,
			policy.maxRetryWaitMs - rateLimitWaited,
			state.cancellation,
		);
		if (!slot) throw waitBudgetError(this, itemIndex, policy.maxRetryWaitMs);
		rateLimitWaited += slot.waitedMs;
		const sent = await exchange(this, options, credentials, {
			mask,
			timeoutMs: policy.timeoutMs,
			cancellation: state.cancellation,
		});

		if ('failure' in sent) {
			limiter.abandoned();
			if (state.cancellation.requested) throw state.cancellation.error();
			if (isRead && readRetries < policy.readRetries) {
				await state.cancellation.sleep(backoff(readRetries++));
				continue;
			}
			throw networkError(this, request, sent.failure, itemIndex, mask, policy.timeoutMs);
		}
		const { statusCode, headers, body } = sent.answer;
		// A 503 with any Retry-After says "not processed, come back"; the value is obeyed only when sane.
		const rateLimited = statusCode === 429 || (statusCode === 503 && hasHeader(headers['retry-after']));
		if (rateLimited) limiter.limited(slot, retryAfterMs(headers['retry-after']) ?? backoff(rateLimitRetries));
		else limiter.answered(slot);
		if (statusCode < 300) {
			if (isObject(body)) return body;
			if (request.emptyResponseOk && body === '') return {};
			throw unreadableResponse(
				this,
				request,
				statusCode,
				describeApiBody(body) ?? 'an empty response',
				itemIndex,
				mask,
			);
		}
		if (statusCode < 400) {
			throw redirectError(this, statusCode, headers.location, `${baseURL}${options.url}`, itemIndex, mask);
		}

		if (rateLimited) {
			// The limiter now holds this endpoint or the whole account back, not just this request.
			if (
				rateLimitRetries < policy.maxRetries &&
				rateLimitWaited + (limiter.resumeAtFor(slot) - Date.now()) <= policy.maxRetryWaitMs
			) {
				rateLimitRetries++;
				continue;
			}
			throw rateLimitError(this, statusCode, body, itemIndex, mask, rateLimitRetries, rateLimitWaited);
		}
		if (statusCode === 404 && request.pathIfNotFound && options.url !== request.pathIfNotFound) {
			options.url = request.pathIfNotFound;
			continue;
		}
		if (isRead && statusCode >= 500 && readRetries < policy.readRetries) {
			await state.cancellation.sleep(backoff(readRetries++));
			continue;
		}
		throw apiError(this, statusCode, body, itemIndex, mask);
	}
}

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

function hasHeader(header: string | string[] | undefined): boolean {
	return (Array.isArray(header) ? header[0] : header)?.trim() ? true : false;
}

/** Exponential backoff with full jitter: 0.5 s, 1 s, 2 s … capped at 30 s, each randomised. */
function backoff(attempt: number): number {
	const ceiling = Math.min(30_000, 500 * 2 ** attempt);
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
