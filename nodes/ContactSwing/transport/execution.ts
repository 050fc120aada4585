import type { ICredentialDataDecryptedObject, IDataObject, ILoadOptionsFunctions, Logger } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { Cancellation } from './cancellation';
import { MAX_WINDOW } from './limiter/window';
import type { TokenMask } from './redact';
import { ExecutionReport } from './report';

/**
 * The longest Timeout and Max Rate Limit Wait: an hour, as the longest Retry-After obeyed. Node's
 * timers cannot go past 2³¹ ms (24.8 days); a longer one fires at once.
 */
const MAX_SECONDS = 3600;

/**
 * The node's Options, their defaults and bounds: the editor offers them (options.description.ts
 * reads this), and every value, typed or from an expression, is held to them here. The editor
 * offers a Timeout from 1 s; an expression may ask for less, down to a millisecond.
 */
export const REQUEST_OPTIONS = {
	parallelRequests: { default: 100, min: 1, max: MAX_WINDOW },
	rateLimitRetries: { default: 10, min: 0 },
	maxRateLimitWait: { default: 120, min: 0, max: MAX_SECONDS },
	timeout: { default: 60, min: 1, expressionMin: 0.001, max: MAX_SECONDS },
} as const;

/** How one execution talks to ContactSwing: the user's Options, fixed for the execution. */
interface RequestPolicy {
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
	/** Dry Run: every request but a read is described in the output instead of sent. */
	readonly dryRun: boolean;
}

/**
 * One execution of the node (or one editor dropdown): its policy, and what its requests share
 * while it runs. Every request is sent with one.
 */
export class Execution {
	/** The credential, read once per execution rather than twice per request. */
	credentials?: Promise<ICredentialDataDecryptedObject>;

	/** The account's key in the process-wide limiter registry (Base URL and a hash of the token). */
	account?: string;

	/** Masks the token in every answer and message of the execution. */
	mask?: TokenMask;

	/** What the execution's lists keep for output so far, as bytes of JSON (bounded in pagination.ts). */
	listOutputBytes = 0;

	/** Uploads in flight, and those waiting for a turn (see `upload`). */
	private uploading = 0;
	private readonly uploadTurns: Array<() => void> = [];

	/** What its requests went through: the hints shown after the run, and n8n's log lines. */
	readonly report: ExecutionReport;

	constructor(
		readonly policy: RequestPolicy,
		/** Ends every wait and request of the execution when it is cancelled. */
		readonly cancellation: Cancellation,
		logger?: Logger,
	) {
		this.report = new ExecutionReport(logger);
	}

	/**
	 * Runs `send` (an upload: reading its files and sending them) once fewer than MAX_UPLOADS of the
	 * execution's uploads are in flight, whatever Parallel Requests says: each holds its files in
	 * memory. The wait ends at once when the execution is cancelled.
	 */
	async upload<T>(send: () => Promise<T>): Promise<T> {
		while (this.uploading >= MAX_UPLOADS) {
			if (this.cancellation.requested) throw this.cancellation.error();
			await new Promise<void>((resolve) => {
				const stop = this.cancellation.onCancel(resolve);
				this.uploadTurns.push(() => {
					stop();
					resolve();
				});
			});
		}
		if (this.cancellation.requested) throw this.cancellation.error();
		this.uploading++;
		try {
			return await send();
		} finally {
			this.uploading--;
			this.uploadTurns.shift()?.();
		}
	}

	/** An execution with the user's Options, n8n's cancel signal for it and n8n's logger. */
	static withOptions(options: IDataObject = {}, cancelSignal?: AbortSignal, logger?: Logger): Execution {
		return new Execution(policyFromOptions(options), new Cancellation(cancelSignal), logger);
	}
}

/** Uploads in flight at once per execution: a file is held in memory while it is sent. */
const MAX_UPLOADS = 2;

/** Return All reads at most this many pages: 100,000 records at 100 a page. */
const MAX_PAGES = 1000;

/** Turns the user's Options (unset ones take the editor's defaults) into a fixed policy. */
function policyFromOptions(options: IDataObject): RequestPolicy {
	const option = (name: keyof typeof REQUEST_OPTIONS) => {
		const bounds: { default: number; min: number; max?: number; expressionMin?: number } = REQUEST_OPTIONS[name];
		const value = Number(options[name] ?? bounds.default);
		if (!Number.isFinite(value)) return bounds.default;
		return Math.min(bounds.max ?? Infinity, Math.max(bounds.expressionMin ?? bounds.min, value));
	};
	return Object.freeze({
		parallelRequests: Math.floor(option('parallelRequests')),
		maxRetries: Math.floor(option('rateLimitRetries')),
		maxRetryWaitMs: option('maxRateLimitWait') * 1000,
		timeoutMs: option('timeout') * 1000,
		readRetries: 2,
		maxPages: MAX_PAGES,
		dropdown: false,
		// "true" from an expression counts too: a Dry Run mistaken for a real run would send.
		dryRun: String(options.dryRun) === 'true',
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
	dryRun: false,
});

const DROPDOWN_TOTAL_MS = 30_000;

/** Reads for a dropdown with `read`, within DROPDOWN_TOTAL_MS; past that every wait and request ends with a message. */
export async function forDropdown<T>(
	context: ILoadOptionsFunctions,
	read: (execution: Execution) => Promise<T>,
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
	const stop = cancellation.deadline(DROPDOWN_TOTAL_MS, () => controller.abort());
	try {
		return await read(new Execution(DROPDOWN_POLICY, cancellation, context.logger));
	} finally {
		stop();
	}
}
