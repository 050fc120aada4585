import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
} from 'n8n-workflow';

import type { Cancellation } from './cancellation';
import { MAX_ANSWER_MB, TOO_LARGE } from './errors';
import type { TokenMask } from './redact';
import type { Answer, NetworkFailure } from './types';

type Response = { statusCode: number; headers: Answer['headers']; body: unknown };

const MAX_ANSWER_BYTES = MAX_ANSWER_MB * 1024 * 1024;

/** Why an exchange stopped waiting: made once, since an Error's stack costs more than a request's own work. */
const OVER = new Error('the exchange is over');

/** Sends one request as n8n's HTTP helpers do; the answer's body is a stream. */
export type Send = (options: IHttpRequestOptions) => Promise<Response>;

/**
 * One request to ContactSwing, signed by the credential, and its whole answer: see `exchangeWith`.
 */
export async function exchange(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	options: IHttpRequestOptions,
	credentials: ICredentialDataDecryptedObject,
	limits: Limits,
): Promise<{ answer: Answer } | { failure: NetworkFailure }> {
	const send: Send = async (signed) =>
		(await context.helpers.httpRequestWithAuthentication.call(context, 'contactSwingApi', signed, {
			credentialsDecrypted: { id: '', name: '', type: 'contactSwingApi', data: credentials },
		})) as Response;
	return await exchangeWith(send, options, limits);
}

interface Limits {
	mask: TokenMask;
	timeoutMs: number;
	cancellation: Cancellation;
}

/**
 * One request and its whole answer, body included, within `timeoutMs`: a server that answers a
 * status and then trickles its body is cut off at the deadline like one that never answers. At
 * most MAX_ANSWER_MB are read. No redirect is followed. Never throws: a failure comes back as
 * its code and message only, since the HTTP client's error holds the request, JWT and all.
 */
export async function exchangeWith(
	send: Send,
	options: IHttpRequestOptions,
	{ mask, timeoutMs, cancellation }: Limits,
): Promise<{ answer: Answer } | { failure: NetworkFailure }> {
	// Settles when the exchange is over for any reason: the deadline, a cancellation, or its end.
	let end: (reason: Error) => void = () => {};
	const over = new Promise<never>((_, reject) => (end = reject));
	over.catch(() => {});
	let timedOut = false;
	const stopDeadline = cancellation.deadline(timeoutMs, () => {
		timedOut = true;
		end(OVER);
	});
	const stopCancel = cancellation.onCancel(() => end(OVER));
	let finished = false;
	try {
		const request = send({
			...options,
			// n8n aborts it when the execution is cancelled; the HTTP client's own idle timeout closes the
			// socket of an answer that never starts. The race below keeps the deadline for the whole answer.
			timeout: timeoutMs,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		});
		// An answer that comes after the exchange is over is discarded unread.
		request.then(
			(late) => finished && discard(late.body),
			() => {},
		);
		const response = await Promise.race([request, over]);
		const body = await readBody(response.body, over, mask);
		return { answer: { statusCode: response.statusCode, headers: response.headers ?? {}, body } };
	} catch (error) {
		if (timedOut) return { failure: { code: 'ETIMEDOUT', message: 'timeout', timedOut: true } };
		if (cancellation.requested) return { failure: { code: 'ERR_CANCELED', message: 'canceled' } };
		// n8n wraps the HTTP client's error; only its cause's code and message are kept.
		const { code, message } = ((error as Error).cause ?? error) as Error & { code?: string };
		// The client's own timeout is the same Timeout: on a busy machine it may fire first.
		if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
			return { failure: { code: 'ETIMEDOUT', message: 'timeout', timedOut: true } };
		return { failure: { code: typeof code === 'string' ? code : undefined, message: String(message) } };
	} finally {
		finished = true;
		stopDeadline();
		stopCancel();
		end(OVER); // ends any reading still going on
	}
}

/**
 * Closes an answer's stream that will not be read to its end. (Ending an async iterator that was
 * never started does not: a late answer's stream stayed open, its server sending on.)
 */
function discard(body: unknown): void {
	if (isStream(body) && 'destroy' in body && typeof body.destroy === 'function')
		(body.destroy as () => void).call(body);
}

/**
 * Reads a streamed body up to MAX_ANSWER_BYTES, giving up at once when the exchange is `over`;
 * parses it, then masks the token in what was parsed (a server may echo it, even in a success):
 * in the strings and keys themselves, where no JSON escape can spell it differently.
 */
async function readBody(body: unknown, over: Promise<never>, mask: TokenMask): Promise<unknown> {
	const raw = isStream(body) ? await readStream(body, over) : body;
	if (raw === TOO_LARGE) return raw;
	// A helper that parsed the body itself: its values are masked the same way.
	if (typeof raw === 'object' && raw !== null && !Buffer.isBuffer(raw)) return maskedOrUnreadable(raw, mask);
	const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? '');
	if (!text) return '';
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return mask.masked(text);
	}
	return maskedOrUnreadable(parsed, mask, text);
}

/** The parsed answer masked; one nested too deep to walk is returned as its masked text, an answer that cannot be read. */
function maskedOrUnreadable(parsed: unknown, mask: TokenMask, text?: string): unknown {
	try {
		return mask.maskedValue(parsed);
	} catch {
		return mask.masked(text ?? 'an answer nested too deep to read');
	}
}

async function readStream(stream: AsyncIterable<unknown>, over: Promise<never>): Promise<Buffer | typeof TOO_LARGE> {
	const iterator = stream[Symbol.asyncIterator]();
	const chunks: Buffer[] = [];
	let size = 0;
	let ended = false;
	try {
		for (;;) {
			const next = await Promise.race([iterator.next(), over]);
			ended = next.done === true;
			if (ended) return Buffer.concat(chunks);
			const chunk = Buffer.isBuffer(next.value) ? next.value : Buffer.from(String(next.value));
			size += chunk.length;
			if (size > MAX_ANSWER_BYTES) return TOO_LARGE;
			chunks.push(chunk);
		}
	} finally {
		if (!ended) discard(stream);
	}
}

function isStream(value: unknown): value is AsyncIterable<unknown> {
	return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
