import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import {
	apiError,
	describeApiBody,
	networkError,
	rateLimitError,
	redirectError,
	unreadableResponse,
	refusalError,
} from './errors';
import { exchange } from './http';
import { TokenMask } from './redact';
import { backoff, hasHeader, retryAfterMs } from './retryAfter';
import { sentToken } from './authorization';
import { normaliseBaseUrl } from './baseUrl';
import { encodeMultipart } from './multipart';
import { dryRunOutput } from './dryRun';
import { Execution } from './execution';
import { accountKey, accounts } from './limiter/accounts';
import type { ApiRequest } from './types';
import { isObject } from '../helpers/objects';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

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
	execution: Execution = Execution.withOptions(),
): Promise<IDataObject> {
	const { policy, cancellation } = execution;
	execution.credentials ??= this.getCredentials('contactSwingApi', itemIndex);
	const credentials = await execution.credentials;
	const token = sentToken(credentials.token);
	const mask = (execution.mask ??= new TokenMask(token));
	const baseURL = normaliseBaseUrl(this, credentials.baseUrl, itemIndex);
	if (policy.dryRun && request.method !== 'GET') {
		execution.report.notSentDryRun();
		return dryRunOutput(request, mask);
	}
	execution.account ??= accountKey(baseURL, token);
	const multipart = request.multipart && (await encodeMultipart(request.multipart));
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
		const limiter = accounts.limiterFor(execution.account);
		// Time held by the server's Retry-After, a documented limit or the pace counts against Max Rate Limit Wait.
		const slot = await limiter.take(
			request.method,
			options.url,
			policy.maxRetryWaitMs - rateLimitWaited,
			cancellation,
			policy.timeoutMs,
			!policy.dropdown,
		);
		if ('refused' in slot) throw refusalError(this, itemIndex, policy.maxRetryWaitMs, slot);
		rateLimitWaited += slot.waitedMs;
		execution.report.hold(request, slot.waitedMs, mask, execution.account);
		const sent = await exchange(this, options, credentials, {
			mask,
			timeoutMs: policy.timeoutMs,
			cancellation,
		});

		if ('failure' in sent) {
			limiter.abandoned(slot, sent.failure.timedOut ? policy.timeoutMs : undefined);
			if (cancellation.requested) throw cancellation.error();
			if (isRead && readRetries < policy.readRetries) {
				execution.report.readRetried();
				await cancellation.sleep(backoff(readRetries++));
				continue;
			}
			throw networkError(this, request, sent.failure, itemIndex, mask, policy.timeoutMs);
		}
		const { statusCode, headers, body } = sent.answer;
		// A 503 with any Retry-After says "not processed, come back"; the value is obeyed only when sane.
		const rateLimited = statusCode === 429 || (statusCode === 503 && hasHeader(headers['retry-after']));
		const holdMs = rateLimited ? (retryAfterMs(headers['retry-after']) ?? backoff(rateLimitRetries)) : 0;
		if (rateLimited) limiter.limited(slot, holdMs);
		else limiter.answered(slot, policy.timeoutMs);
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
			const retriesLeft = rateLimitRetries < policy.maxRetries;
			const waitLeft = rateLimitWaited + limiter.resumeInMs(slot) <= policy.maxRetryWaitMs;
			execution.report.limited(request, headers['retry-after'], mask, execution.account, {
				holdMs,
				retriesLeft,
				waitLeft,
			});
			if (retriesLeft && waitLeft) {
				rateLimitRetries++;
				continue;
			}
			throw rateLimitError(this, statusCode, body, itemIndex, mask, rateLimitRetries, rateLimitWaited);
		}
		if (isRead && statusCode >= 500 && readRetries < policy.readRetries) {
			execution.report.readRetried();
			await cancellation.sleep(backoff(readRetries++));
			continue;
		}
		throw apiError(this, statusCode, body, itemIndex, mask);
	}
}
