import type { ICredentialDataDecryptedObject, IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { OPTION_DEFAULTS } from '../actions/options.description';
import { Cancellation } from './cancellation';
import type { TokenMask } from './redact';

/** How one execution talks to ContactSwing, from the user's Options; fixed for the execution. */
export interface RequestPolicy {
	readonly parallelRequests: number;
	readonly maxRetries: number;
	readonly maxRetryWaitMs: number;
	/** The whole answer, body included, must arrive within this. */
	readonly timeoutMs: number;
	/** Reads (GET) are retried this often on resets, timeouts and 5xx; creates never are. */
	readonly readRetries: number;
	/** Return All stops with an error past this many pages: a list that never ends is not read for ever. */
	readonly maxPages: number;
	/** An editor dropdown: list records that are not objects are skipped, and the page cap ends the list quietly. */
	readonly dropdown: boolean;
}

/** What the requests of one execution share while it runs. */
export class ExecutionState {
	/** The credential, read once per execution rather than twice per request. */
	credentials?: Promise<ICredentialDataDecryptedObject>;

	/** The account's key in the process-wide limiter registry (Base URL and a hash of the token). */
	account?: string;

	/** Masks the token in every answer and message of the execution. */
	mask?: TokenMask;

	constructor(
		/** Ends every wait and request of the execution when it is cancelled. */
		readonly cancellation: Cancellation,
	) {}
}

/** One execution's policy and shared state: what every request of it is sent with. */
export interface Session {
	readonly policy: RequestPolicy;
	readonly state: ExecutionState;
}

/** Return All reads at most this many pages: 100,000 records at 100 a page. */
const MAX_PAGES = 1000;

/** Turns the user's Options (unset ones take the editor's defaults) into a fixed policy. */
export function policyFromOptions(options: IDataObject): RequestPolicy {
	const pick = (name: keyof typeof OPTION_DEFAULTS, min: number) => {
		const value = Number(options[name] ?? OPTION_DEFAULTS[name]);
		return Number.isFinite(value) ? Math.max(min, value) : OPTION_DEFAULTS[name];
	};
	return Object.freeze({
		parallelRequests: Math.floor(pick('parallelRequests', 1)),
		maxRetries: Math.floor(pick('rateLimitRetries', 0)),
		maxRetryWaitMs: pick('maxRateLimitWait', 0) * 1000,
		timeoutMs: pick('timeout', 0.001) * 1000,
		readRetries: 2,
		maxPages: MAX_PAGES,
		dropdown: false,
	});
}

/**
 * An editor dropdown (the actions list, the customer search) cannot be cancelled, so it gives up
 * soon: 15 s for an answer and for rate limits, no read retries, at most 20 pages, and
 * DROPDOWN_TOTAL_MS in all, however long it waits behind the executions of its account.
 */
const DROPDOWN_POLICY: RequestPolicy = Object.freeze({
	parallelRequests: 1,
	maxRetries: 2,
	maxRetryWaitMs: 15_000,
	timeoutMs: 15_000,
	readRetries: 0,
	maxPages: 20,
	dropdown: true,
});

/** A session for one execution: its Options and n8n's cancel signal for it. */
export function newSession(options: IDataObject = {}, cancelSignal?: AbortSignal): Session {
	return { policy: policyFromOptions(options), state: new ExecutionState(new Cancellation(cancelSignal)) };
}

const DROPDOWN_TOTAL_MS = 30_000;

/** Reads for a dropdown with `read`, within DROPDOWN_TOTAL_MS; past that every wait and request ends with a message. */
export async function forDropdown<T>(
	context: ILoadOptionsFunctions,
	read: (session: Session) => Promise<T>,
): Promise<T> {
	const controller = new AbortController();
	const cancellation = new Cancellation(
		controller.signal,
		() =>
			new NodeOperationError(
				context.getNode(),
				`ContactSwing did not give the list within ${DROPDOWN_TOTAL_MS / 1000} s`,
				{
					description: "Try again in a moment. If it persists, check the credential's Base URL.",
				},
			),
	);
	const stop = cancellation.deadline(Date.now() + DROPDOWN_TOTAL_MS, () => controller.abort());
	try {
		return await read({ policy: DROPDOWN_POLICY, state: new ExecutionState(cancellation) });
	} finally {
		stop();
	}
}
