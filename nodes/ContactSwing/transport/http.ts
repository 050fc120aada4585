import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import type { Cancellation } from './cancellation';
import { pause } from './cancellation';
import type { NetworkFailure } from './errors';
import { MAX_ANSWER_MB, TOO_LARGE } from './errors';
import { masked } from './redact';

export interface Answer {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON, the text when it is not JSON, '' when empty, or TOO_LARGE. */
	body: unknown;
}

const MAX_ANSWER_BYTES = MAX_ANSWER_MB * 1024 * 1024;

/**
 * One request and its whole answer, body included, within `timeoutMs`: a server that answers a
 * status and then trickles its body is cut off at the deadline like one that never answers. At
 * most MAX_ANSWER_MB are read. No redirect is followed. Never throws: a failure comes back as
 * its code and message only, since the HTTP client's error holds the request, JWT and all.
 */
export async function exchange(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	options: IHttpRequestOptions,
	credentials: ICredentialDataDecryptedObject,
	{ token, timeoutMs, cancellation }: { token: string; timeoutMs: number; cancellation: Cancellation },
): Promise<{ answer: Answer } | { failure: NetworkFailure }> {
	const { signal, abort, done } = cancellation.controller();
	let timedOut = false;
	void pause(timeoutMs, signal).then((elapsed) => {
		if (elapsed) {
			timedOut = true;
			abort();
		}
	});
	try {
		const request = context.helpers.httpRequestWithAuthentication.call(
			context,
			'contactSwingApi',
			{
				...options,
				// n8n puts the execution's cancel signal in place of this one; the race below keeps the deadline.
				abortSignal: signal,
				// The HTTP client's own idle timeout closes the socket of an answer that never started.
				timeout: timeoutMs,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
			},
			{ credentialsDecrypted: { id: '', name: '', type: 'contactSwingApi', data: credentials } },
		) as Promise<{ statusCode: number; headers: Answer['headers']; body: unknown }>;
		const response = await untilAborted(request, signal);
		const body = await readBody(response.body, signal, token);
		return { answer: { statusCode: response.statusCode, headers: response.headers ?? {}, body } };
	} catch (error) {
		if (timedOut) return { failure: { code: 'ETIMEDOUT', message: 'timeout', timedOut: true } };
		if (cancellation.requested) return { failure: { code: 'ERR_CANCELED', message: 'canceled' } };
		// n8n wraps the HTTP client's error; only its cause's code and message are kept.
		const { code, message } = ((error as Error).cause ?? error) as Error & { code?: string };
		return { failure: { code: typeof code === 'string' ? code : undefined, message: String(message) } };
	} finally {
		done();
		abort(); // ends the deadline's wait, and any reading still going on
	}
}

/** `promise`, or a rejection as soon as `signal` aborts; an answer that arrives later is discarded unread. */
function untilAborted<T extends { body?: unknown }>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	return new Promise((resolve, reject) => {
		const onAbort = () => {
			reject(new Error('aborted'));
			promise.then(
				(late) => discard(late.body),
				() => {},
			);
		};
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

function discard(body: unknown): void {
	if (isStream(body))
		void body[Symbol.asyncIterator]()
			.return?.()
			?.catch(() => {});
}

/**
 * Reads a streamed body up to MAX_ANSWER_BYTES, giving up at once when `signal` aborts; masks the
 * token in it (a server may echo it, even in a success), then parses it.
 */
async function readBody(body: unknown, signal: AbortSignal, token: string): Promise<unknown> {
	let raw = isStream(body) ? await readStream(body, signal) : body;
	if (raw === TOO_LARGE) return raw;
	// A helper that parsed the body itself: its text is masked the same way.
	if (typeof raw === 'object' && raw !== null && !Buffer.isBuffer(raw)) raw = JSON.stringify(raw);
	const text = masked(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? ''), token);
	if (!text) return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

async function readStream(stream: AsyncIterable<unknown>, signal: AbortSignal): Promise<Buffer | typeof TOO_LARGE> {
	const iterator = stream[Symbol.asyncIterator]();
	const aborted = new Promise<never>((_, reject) => {
		if (signal.aborted) reject(new Error('aborted'));
		signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
	});
	aborted.catch(() => {}); // rejected when the exchange ends, read or not
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for (;;) {
			const next = await Promise.race([iterator.next(), aborted]);
			if (next.done) return Buffer.concat(chunks);
			const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value));
			size += chunk.length;
			if (size > MAX_ANSWER_BYTES) return TOO_LARGE;
			chunks.push(chunk);
		}
	} finally {
		void iterator.return?.()?.catch(() => {}); // destroys the stream when it was not read to the end
	}
}

function isStream(value: unknown): value is AsyncIterable<unknown> {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
