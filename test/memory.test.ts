/* eslint-disable @n8n/community-nodes/no-restricted-globals -- samples the process's memory while the node runs */
/**
 * Memory bounded in bytes: Return All and Limit keep only what they output, and stop with a message
 * before an execution's lists keep more than MAX_LIST_OUTPUT_MB. Peak RSS is sampled in this
 * process while the node runs in n8n's engine against the double; past its bound the execution is
 * cancelled, so code that holds too much fails the test at once instead of exhausting the machine.
 */
import type { INodeParameters } from 'n8n-workflow';

import { largeList } from './double/large';
import { runNode } from './harness/engine';
import { credentialsFor, items, useDouble } from './harness/fixtures';
import { MAX_LIST_OUTPUT_MB } from '../nodes/ContactSwing/transport/pagination';

const double = useDouble();
const MB = 1024 * 1024;

/** Samples RSS every 5 ms from now: its peak above the start, and `cancel` called once it passes `boundMb`. */
function watchRss(boundMb: number) {
	const start = process.memoryUsage.rss();
	let peak = start;
	let cancel: (() => void) | undefined;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
		if (peak - start > boundMb * MB) cancel?.();
	}, 5);
	return {
		onStart: (execution: { cancel: () => void }) => (cancel = execution.cancel),
		/** Stops sampling; the peak above the start, in MB. */
		stop: () => {
			clearInterval(timer);
			return Math.round((Math.max(peak, process.memoryUsage.rss()) - start) / MB);
		},
	};
}

const customers = (parameters: INodeParameters = {}): INodeParameters => ({
	resource: 'customer',
	operation: 'getAll',
	returnAll: true,
	...parameters,
});

async function listRun(parameters: INodeParameters, boundMb: number, inputs = items({}), onError?: string) {
	const rss = watchRss(boundMb);
	try {
		const result = await runNode({
			node: { parameters, ...(onError ? { onError: onError as 'continueRegularOutput' } : {}) },
			items: inputs,
			credentials: credentialsFor(double()),
			onStart: rss.onStart,
		});
		return { ...result, peakMb: rss.stop() };
	} finally {
		rss.stop();
	}
}

const CAP_MESSAGE = `this execution's lists passed ${MAX_LIST_OUTPUT_MB} MB, the most the node keeps`;
const CAP_ADVICE = 'Turn off Return All and set a Limit, or filter the list';
/** The cap, what is being read when it is reached (a page and its parse) and the engine's own. */
const LIST_RSS_BOUND_MB = 3 * MAX_LIST_OUTPUT_MB;

describe('Return All and Limit are bounded in bytes', () => {
	jest.setTimeout(60_000);

	it(`Return All over 1,000 pages of 5 MB stops with the byte cap, within ${LIST_RSS_BOUND_MB} MB of RSS`, async () => {
		double().failWhen((r) => r.path === '/v2/_customers', largeList({ pages: 1000 }));
		const { error, peakMb } = await listRun(customers(), LIST_RSS_BOUND_MB);
		expect(error?.message).toContain(CAP_MESSAGE);
		expect(error?.message).toMatch(/^ContactSwing's list \/v2\/_customers is too large to output: at page 2\d /);
		expect(error?.description).toContain(CAP_ADVICE);
		// 128 MB of 50,000-character names is 2,684 records: the 27th page.
		expect(double().state.requests.length).toBeLessThanOrEqual(Math.ceil((MAX_LIST_OUTPUT_MB * MB) / 5e6) + 1);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('Limit is bounded the same way', async () => {
		double().failWhen((r) => r.path === '/v2/_customers', largeList({ pages: 1000 }));
		const { error, peakMb } = await listRun(customers({ returnAll: false, limit: 20_000 }), LIST_RSS_BOUND_MB);
		expect(error?.message).toContain(CAP_MESSAGE);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it('Simplify keeps only the output of each page: 1 GB of records read, their IDs kept', async () => {
		double().failWhen(
			(r) => r.path === '/v2/_customers',
			largeList({ pages: 200, recordChars: 50_000, field: 'notes' }),
		);
		const { outputs, error, peakMb } = await listRun(customers(), LIST_RSS_BOUND_MB);
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(20_000);
		expect(outputs[0][19_999].json).toEqual({ id: 'large-200-99' });
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB);
	});

	it("a failed item's records no longer count: the next item may keep up to the cap", async () => {
		double().failWhen((r) => r.path === '/v2/_customers', largeList({ pages: 1000 }));
		const { outputs, peakMb } = await listRun(
			customers({ returnAll: '={{ $json.all }}', limit: '={{ $json.limit }}', options: { parallelRequests: 1 } }),
			LIST_RSS_BOUND_MB + 100,
			items({ all: true, limit: 1 }, { all: false, limit: 2000 }),
			'continueRegularOutput',
		);
		expect(outputs[0][0].json.error).toContain(CAP_MESSAGE);
		// 2,000 records of 50,000 characters: 95 MB, which fits only once the first item's 128 MB are let go.
		expect(outputs[0]).toHaveLength(1 + 2000);
		expect(peakMb).toBeLessThan(LIST_RSS_BOUND_MB + 100);
	});
});
