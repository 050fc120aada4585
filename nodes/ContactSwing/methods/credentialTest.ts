import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { authorization, sentToken } from '../transport/authorization';
import type { BaseUrlError } from '../transport/baseUrl';
import { contactSwingBaseUrl } from '../transport/baseUrl';
import { Cancellation } from '../transport/cancellation';
import { describeApiBody, failureReason, NOT_SENT_CODES, STATUS_ADVICE, TOO_LARGE } from '../transport/errors';
import type { Send } from '../transport/http';
import { exchangeWith } from '../transport/http';
import { TokenMask } from '../transport/redact';
import { isObject } from '../helpers/objects';

/** The Test runs in n8n's main process and has no Stop button: the whole answer must come within this. */
const TEST_TIMEOUT_MS = 15_000;

const error = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

/**
 * The credential's Test button (the node's `testedBy`): one GET /v2/_actions through the node's
 * own transport, under the node's Base URL rules, following no redirect, reading at most 5 MB
 * within TEST_TIMEOUT_MS, and telling what went wrong in the node's words.
 */
export async function contactSwingApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let baseURL: string;
	try {
		baseURL = contactSwingBaseUrl(data.baseUrl);
	} catch (refusal) {
		const { message, description } = refusal as BaseUrlError;
		return error(`${message}. ${description}`);
	}
	const mask = new TokenMask(sentToken(data.token));
	// n8n gives a Test no httpRequest helper, on either line (n8n-core's CredentialTestContext): only
	// the legacy `request`, the same HTTP client, here asked for a stream, every status, no redirect.
	const { helpers } = this;
	const send: Send = async (options) =>
		(await helpers.request({
			method: options.method,
			uri: `${baseURL}${options.url}`,
			headers: { Authorization: authorization(data.token) },
			timeout: options.timeout,
			useStream: true,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			followAllRedirects: false,
		})) as Awaited<ReturnType<Send>>;
	const sent = await exchangeWith(
		send,
		{ method: 'GET', url: '/v2/_actions' },
		{ mask, timeoutMs: TEST_TIMEOUT_MS, cancellation: new Cancellation() },
	);

	const host = new URL(baseURL).host;
	if ('failure' in sent) {
		const { failure } = sent;
		const outcome =
			failure.code && NOT_SENT_CODES.includes(failure.code)
				? 'Nothing was sent or created'
				: 'The Test only reads, so nothing was created';
		return error(
			`No answer from ContactSwing at ${host}: ${failureReason(failure, TEST_TIMEOUT_MS)}. ${outcome}. Check the credential's Base URL and the network.`,
		);
	}
	const { statusCode: status, body } = sent.answer;
	if (status < 300) {
		if (isObject(body)) return { status: 'OK', message: 'Connection successful' };
		const what = body === TOO_LARGE ? describeApiBody(body) : mask.shown(describeApiBody(body) ?? 'an empty answer');
		return error(
			`${host} answered ${status} with ${what}, not ContactSwing's JSON. Check that the Base URL is the ContactSwing API host.`,
		);
	}
	if (status < 400) {
		return error(
			`ContactSwing answered ${status}, a redirect, and the credential follows no redirects: check the Base URL. Nothing was sent to the other address.`,
		);
	}
	const detail = mask.shown(describeApiBody(body) ?? 'no details in the response');
	const advice = STATUS_ADVICE[status];
	return error(`ContactSwing answered ${status}: ${detail}.${advice ? ` ${advice}` : ''}`);
}
