/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- a benchmark process, not shipped */
/**
 * One Return All run in its own process, so that its time and peak RSS are its own: Customer → Get
 * Many with Return All (Simplify as given) through n8n-core's WorkflowExecute, with the built dist/.
 * Prints one JSON line with the measurements.
 */
import path from 'node:path';

import { runNode } from '../test/harness/engine';

const { TOKEN } = require('./workload');

const [apiUrl, simplify] = process.argv.slice(2);
const { ContactSwing } = require(path.resolve(__dirname, '../dist/nodes/ContactSwing/ContactSwing.node.js'));

async function main() {
	const rssBefore = process.memoryUsage().rss;
	const started = process.hrtime.bigint();
	const { run, outputs, error } = await runNode({
		node: { parameters: { resource: 'customer', operation: 'getAll', returnAll: true, simplify: simplify === 'true' } },
		nodeType: new ContactSwing(),
		items: [{ json: {} }],
		credentials: { token: TOKEN, baseUrl: apiUrl },
	});
	process.stdout.write(
		`${JSON.stringify({
			wallMs: Number(process.hrtime.bigint() - started) / 1e6,
			nodeMs: run.data.resultData.runData.ContactSwing?.[0]?.executionTime ?? 0,
			peakRssMb: process.resourceUsage().maxRSS / 1024,
			rssBeforeMb: rssBefore / 1048576,
			records: outputs[0]?.length ?? 0,
			error: error?.message,
		})}\n`,
	);
}

void main();
