import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { OPTION_DEFAULTS } from '../actions/options.description';
import type { AccountLimiter } from './limiter';

/** How one execution talks to ContactSwing, from the user's Options; fixed for the execution. */
export interface RequestPolicy {
	readonly parallelRequests: number;
	readonly maxRetries: number;
	readonly maxRetryWaitMs: number;
	readonly timeoutMs: number;
	/** Reads (GET) are retried this often on resets, timeouts and 5xx; creates never are. */
	readonly readRetries: number;
}

/** What the requests of one execution share while it runs. */
export class ExecutionState {
	/** The credential, read once per execution rather than twice per request. */
	credentials?: Promise<ICredentialDataDecryptedObject>;

	/** The account's limiter, shared with the other executions in this process; found once. */
	limiter?: AccountLimiter;
}

/** One execution's policy and shared state: what every request of it is sent with. */
export interface Session {
	readonly policy: RequestPolicy;
	readonly state: ExecutionState;
}

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
	});
}

export function newSession(options: IDataObject = {}): Session {
	return { policy: policyFromOptions(options), state: new ExecutionState() };
}
