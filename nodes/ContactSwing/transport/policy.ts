import type { ICredentialDataDecryptedObject, IDataObject, INodeProperties } from 'n8n-workflow';

/** How one execution talks to ContactSwing: parallelism, rate-limit retries, timeout. */
export interface RequestPolicy {
	parallelRequests: number;
	maxRetries: number;
	maxRetryWaitMs: number;
	timeoutMs: number;
	/** Reads (GET) are retried this often on resets, timeouts and 5xx; creates never are. */
	readRetries: number;
	/** Shared by all requests of the execution: after a 429 nobody starts a request before this time. */
	gate: { resumeAt: number };
	/** The credential, read once per execution rather than twice per request. */
	credentials?: Promise<ICredentialDataDecryptedObject>;
}

/** Turns the user's Options (unset ones take the defaults shown in the editor) into a policy. */
export function policyFromOptions(options: IDataObject): RequestPolicy {
	const pick = (name: string, min: number) => {
		const fallback = DEFAULTS[name];
		const value = Number(options[name] ?? fallback);
		return Number.isFinite(value) ? Math.max(min, value) : fallback;
	};
	return {
		parallelRequests: Math.floor(pick('parallelRequests', 1)),
		maxRetries: Math.floor(pick('rateLimitRetries', 0)),
		maxRetryWaitMs: pick('maxRateLimitWait', 0) * 1000,
		timeoutMs: pick('timeout', 0.001) * 1000,
		readRetries: 2,
		gate: { resumeAt: 0 },
	};
}

/** The node's "Options" collection: how requests are sent, for every operation. */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Rate Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description: 'Most time one item may spend waiting for rate limits (HTTP 429) before it fails',
		},
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: 10,
			description:
				'How many requests may be in flight at once. Output order and item pairing stay as with one at a time.',
		},
		{
			displayName: 'Rate Limit Retries',
			name: 'rateLimitRetries',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 0 },
			default: 10,
			description:
				'How often a request that ContactSwing rate-limited (HTTP 429) is sent again, after the Retry-After time it gives',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description:
				'How long to wait for ContactSwing to answer. A create that times out is not retried: its outcome is unknown.',
		},
	],
};

const DEFAULTS: Record<string, number> = Object.fromEntries(
	(optionsProperty.options as INodeProperties[]).map((option) => [option.name, option.default as number]),
);
