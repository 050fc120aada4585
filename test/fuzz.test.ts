/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the number of runs comes from the environment (npm run fuzz) */
/**
 * Property-based tests over the node's parameters, fed through expressions the way CRM data
 * arrives: every run must end either in a request the API double accepts, or in a
 * NodeOperationError naming the field, raised before any request. Never a TypeError, never a
 * request that breaks the contract. `npm test` runs a fixed seed; `npm run fuzz` runs longer.
 */
import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';

import { runNode } from './harness/engine';
import { credentialsFor, useDouble } from './harness/fixtures';

const double = useDouble();

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

const anyText = fc.oneof(
	fc.string(),
	fc.string({ unit: 'grapheme' }),
	fc.string({ unit: 'binary' }),
	fc.constantFrom(
		'',
		' ',
		'\t\n',
		'0',
		'null',
		'undefined',
		'{{ 1 + 1 }}',
		'=x',
		'<script>alert(1)</script>',
		'😀👍🏽',
		'ÅÄÖ 東京',
	),
);
const numberLike = fc.oneof(
	fc.integer({ min: -5, max: 100_000 }),
	fc.double({ noNaN: false }),
	fc.integer({ min: -5, max: 1000 }).map(String),
	fc.constantFrom('24', ' 48 ', '1.5', '1e3', 'ten', '', '-1', 'Infinity', '0x10'),
);
const idList = fc.oneof(
	fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 5 }),
	fc.string(),
	fc.constantFrom('act-001, act-002', ',,', ' , a ,'),
);
const anything = fc.oneof(
	{ weight: 6, arbitrary: anyText },
	{ weight: 2, arbitrary: numberLike },
	{ weight: 2, arbitrary: idList },
	{ weight: 1, arbitrary: fc.constantFrom(null, true, false, {}, [], { a: 1 }, [[1]], [{ id: 'x' }]) },
	{ weight: 1, arbitrary: fc.constant(undefined) },
);
const phoneLike = fc.oneof(
	fc.stringMatching(/^\d{6,16}$/),
	fc.stringMatching(/^\+[1-9]\d{6,14}$/),
	fc.constantFrom('+1 555 010 9999', '650175178190170', ' 650175178190170 ', '６５０１７５', '12-34', ''),
	anything,
);
const hugeText = fc.constant('x'.repeat(1024 * 1024));

const input = fc.record(
	{
		type: fc.constantFrom('WHATSAPP', 'EMAIL', 'CHAT'),
		name: fc.oneof({ weight: 8, arbitrary: anything }, { weight: 1, arbitrary: fc.constant('Acme') }),
		model: fc.oneof(fc.constant('cw-llm-1'), anything),
		instructions: fc.oneof({ weight: 6, arbitrary: anything }, { weight: 1, arbitrary: hugeText }),
		phoneNumber: phoneLike,
		agentPrompt: anything,
		goalPrompt: anything,
		knowledgeBaseId: anything,
		actionIds: fc.oneof(idList, anything),
		apiKeys: fc.oneof(idList, anything),
		idleTime: fc.oneof(numberLike, anything),
		maxMessages: fc.oneof(numberLike, anything),
		incomingCallGreeting: anything,
		labels: anything,
		brandName: anything,
	},
	{ requiredKeys: ['type', 'name', 'model', 'instructions'] },
);

const CHANNEL_FIELDS: Record<string, string[]> = {
	WHATSAPP: [
		'agentPrompt',
		'goalPrompt',
		'knowledgeBaseId',
		'actionIds',
		'apiKeys',
		'idleTime',
		'maxMessages',
		'incomingCallGreeting',
	],
	EMAIL: ['agentPrompt', 'goalPrompt', 'knowledgeBaseId', 'actionIds', 'labels'],
	CHAT: ['agentPrompt', 'goalPrompt', 'knowledgeBaseId', 'actionIds', 'apiKeys', 'brandName'],
};
/** Every optional field some channel above offers. */
const ADDITIONAL = [...new Set(Object.values(CHANNEL_FIELDS).flat())];
const LABELS =
	/^"(Name|Model|Instructions|WhatsApp Phone Number ID|Agent Prompt|Goal Prompt|Knowledge Base ID|Action Names or IDs|API Keys|Idle Time \(Hours\)|Max Messages|Greeting|Labels|Brand Name)" .+ \[item 0\]$/;

/** Every field is an expression reading the fuzzed value from the item, as with CRM data. */
function parametersFor(type: string, present: string[]): INodeParameters {
	const additionalFields = Object.fromEntries(
		CHANNEL_FIELDS[type].filter((field) => present.includes(field)).map((field) => [field, `={{ $json.${field} }}`]),
	);
	return {
		resource: 'assistant',
		operation: 'create',
		type,
		name: '={{ $json.name }}',
		model: '={{ $json.model }}',
		instructions: '={{ $json.instructions }}',
		...(type === 'WHATSAPP' ? { phoneNumber: '={{ $json.phoneNumber }}' } : {}),
		additionalFields,
	};
}

describe('fuzzed parameters', () => {
	it(`end in a valid request or a named NodeOperationError before any request (${RUNS} runs, seed ${SEED})`, async () => {
		const outcomes = { created: 0, refused: 0 };
		await fc.assert(
			fc.asyncProperty(input, async (values) => {
				double().reset();
				const present = ADDITIONAL.filter((field) => field in values);
				const { outputs, error } = await runNode({
					node: { parameters: parametersFor(values.type, present) },
					items: [{ json: values as never }],
					credentials: credentialsFor(double()),
				});
				expect(double().state.violations).toEqual([]);
				if (error) {
					expect(error.name).toBe('NodeOperationError');
					expect(error.message).toMatch(LABELS);
					expect(double().state.requests).toHaveLength(0);
					outcomes.refused++;
				} else {
					expect(double().state.requests).toHaveLength(1);
					expect(outputs[0][0].json.assistant_id).toEqual(expect.any(String));
					outcomes.created++;
				}
			}),
			{ seed: SEED, numRuns: RUNS, endOnFailure: true },
		);
		// Both outcomes must really occur, or the property proves nothing.
		expect(outcomes.created).toBeGreaterThan(RUNS / 20);
		expect(outcomes.refused).toBeGreaterThan(RUNS / 20);
	}, 600_000);
});
