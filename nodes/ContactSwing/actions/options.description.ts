import type { INodeProperties } from 'n8n-workflow';

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
			default: 100,
			description:
				'The most requests in flight at once. Below it, the node finds the level ContactSwing answers well and slows down when rate-limited. Output order and item pairing stay as with one at a time.',
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
				"How long to wait for ContactSwing's whole answer. A create that times out is not retried: its outcome is unknown.",
		},
	],
};

/** The defaults the editor shows, which unset options take: this description is their one home. */
export const OPTION_DEFAULTS = Object.fromEntries(
	(optionsProperty.options as INodeProperties[]).map((option) => [option.name, option.default as number]),
) as Record<'parallelRequests' | 'rateLimitRetries' | 'maxRateLimitWait' | 'timeout', number>;
