/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: samples its own memory; it never ships */
/**
 * Runs the node once in n8n's engine, alone in this process, and reports its peak RSS above what
 * the process held just before. The memory tests run it as a child process (`probeMemory`), so no
 * other test's garbage or allocator state blurs the figure. Past `boundMb` the execution is
 * cancelled: code that holds too much fails at once instead of exhausting the machine.
 *
 * Input, argv[2]: the JSON of a `Probe`. Output, the last line on stdout: the JSON of a `ProbeResult`.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { RunOptions } from './engine';
import { runNode } from './engine';

export interface Probe {
	node: RunOptions['node'];
	credentials: RunOptions['credentials'];
	/** Input items, or `count` items sharing one file of `fileMb` (one string, as n8n holds binary data). */
	items: INodeExecutionData[] | { count: number; fileMb: number };
	boundMb: number;
}

export interface ProbeResult {
	peakMb: number;
	error?: { message: string; description?: string | null };
	/** The output's length, and its first and last items' JSON. */
	outputs: { length: number; first?: unknown; last?: unknown };
}

const MB = 1024 * 1024;

function inputItems(items: Probe['items']): INodeExecutionData[] {
	if (Array.isArray(items)) return items;
	// The base64 of "contactswing" repeated, made as text: no file-sized Buffer is left to be freed during the measure.
	const data = 'Y29udGFjdHN3aW5n'.repeat((items.fileMb * MB) / 12);
	/!/.test(data); // a regular expression flattens the repeated text now, not during the measure
	return Array.from({ length: items.count }, () => ({
		json: {},
		binary: { data: { data, mimeType: 'application/pdf', fileName: 'guide.pdf' } },
	}));
}

async function main() {
	const probe = JSON.parse(process.argv[2]) as Probe;
	const items = inputItems(probe.items);
	const collectGarbage = (global as { gc?: () => void }).gc!;
	// Twice, a moment apart: what the first frees is given back while V8 sweeps after it.
	collectGarbage();
	await new Promise((resolve) => setTimeout(resolve, 200));
	collectGarbage();
	const start = process.memoryUsage.rss();
	let peak = start;
	let cancel: (() => void) | undefined;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
		if (peak - start > probe.boundMb * MB) cancel?.();
	}, 5);
	const { outputs, error } = await runNode({
		node: probe.node,
		items,
		credentials: probe.credentials,
		onStart: (execution) => (cancel = execution.cancel),
	});
	clearInterval(timer);
	peak = Math.max(peak, process.memoryUsage.rss());
	const main = outputs[0] ?? [];
	const result: ProbeResult = {
		peakMb: Math.round((peak - start) / MB),
		error: error && { message: error.message, description: error.description },
		outputs: { length: main.length, first: main[0]?.json, last: main[main.length - 1]?.json },
	};
	process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

void main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`${error.stack}\n`);
		process.exit(1);
	},
);
