import type { INodeProperties } from 'n8n-workflow';

import { REQUEST_OPTIONS } from '../transport/execution';
import { booleanField } from '../helpers/fields';

// The bounds come from the transport, which holds every value to them. The defaults are written out
// because n8n's lint reads them as literals; test/structure.test.ts checks they are the transport's.
const { maxRateLimitWait, parallelRequests, rateLimitRetries, timeout } = REQUEST_OPTIONS;

/**
 * Dry Run, as a field: each item's value (an expression may give each its own) is parsed as every
 * true-or-false field's is, and the router holds each item to the run's (see `router.ts`).
 */
export const dryRunField = booleanField({
	displayName: 'Dry Run',
	name: 'dryRun',
	apiPath: 'dryRun',
	// Every operation that writes; the reads (Get Many) always run.
	displayOptions: { show: { '/operation': ['create', 'update', 'start', 'makeCall'] } },
	description:
		'Whether to only check each item and output the request the node would send, without sending it. Nothing is created, changed or called.',
});

/** The node's "Options" collection: how requests are sent, for every operation. */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		dryRunField.property,
		{
			displayName: 'Max Rate Limit Wait (Seconds)',
			name: 'maxRateLimitWait',
			type: 'number',
			typeOptions: { minValue: maxRateLimitWait.min, maxValue: maxRateLimitWait.max },
			default: 120,
			description: 'Most time one item may spend waiting for rate limits (HTTP 429) before it fails',
		},
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: parallelRequests.min, maxValue: parallelRequests.max, numberPrecision: 0 },
			default: 100,
			description:
				'The most requests in flight at once. Below it, the node finds the level ContactSwing answers well and slows down when rate-limited. Output order and item pairing stay as with one at a time.',
		},
		{
			displayName: 'Rate Limit Retries',
			name: 'rateLimitRetries',
			type: 'number',
			typeOptions: { minValue: rateLimitRetries.min, numberPrecision: 0 },
			default: 10,
			description:
				'How often a request that ContactSwing rate-limited (HTTP 429) is sent again, after the Retry-After time it gives',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: timeout.min, maxValue: timeout.max },
			default: 60,
			description:
				"How long to wait for ContactSwing's whole answer. A create that times out is not retried: its outcome is unknown.",
		},
	],
};
