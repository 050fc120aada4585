/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @typescript-eslint/no-require-imports -- a benchmark process, not shipped */
/**
 * One benchmark run, in its own process so that CPU time and peak memory are its own: N items
 * (in one execution or in several side by side) through n8n-core's WorkflowExecute, either with
 * our node (the built dist/, default settings) or with n8n's HTTP Request node (from the n8n
 * 2.41.1 host) making the identical POST. Prints one JSON line with the measurements.
 */
import Module from 'node:module';
import path from 'node:path';
import type { INodeParameters, INodeType } from 'n8n-workflow';

import { runNode } from '../test/harness/engine';

const { TOKEN, benchItem, nodeUnderTest } = require('./workload');

const [kind, itemCount, apiUrl, executionCount = '1'] = process.argv.slice(2);
const ROOT = path.resolve(__dirname, '..');
const HOST_MODULES = path.join(ROOT, 'e2e/hosts/n8n-2/node_modules');

/** The HTTP Request node of n8n 2.41.1, bound to this process's n8n-workflow/n8n-core: one engine, one copy. */
function httpRequestNode(): INodeType {
	const ours: Record<string, string> = {
		'n8n-workflow': require.resolve('n8n-workflow'),
		'n8n-core': require.resolve('n8n-core'),
	};
	const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })
		._resolveFilename;
	(Module as unknown as { _resolveFilename: unknown })._resolveFilename = function (
		request: string,
		...rest: unknown[]
	) {
		return ours[request] ?? resolve.call(this, request, ...rest);
	};
	const { HttpRequest } = require(path.join(HOST_MODULES, 'n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js'));
	return new HttpRequest();
}

/** The node under test, with its implementation: ours from the built dist/, or n8n's HTTP Request node. */
function node(): { type: string; typeVersion: number; parameters: INodeParameters; nodeType: INodeType } {
	const { ContactSwing } = require(path.join(ROOT, 'dist/nodes/ContactSwing/ContactSwing.node.js'));
	const under = nodeUnderTest(kind, apiUrl);
	return { ...under, nodeType: under.type === 'n8n-nodes-base.httpRequest' ? httpRequestNode() : new ContactSwing() };
}

async function main() {
	const { nodeType, ...rest } = node();
	const perExecution = Number(itemCount);
	const executions = Array.from({ length: Number(executionCount) }, (_, e) =>
		Array.from({ length: perExecution }, (_, i) => ({ json: benchItem(String(e), e * perExecution + i) })),
	);
	const rssBefore = process.memoryUsage().rss;
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const runs = await Promise.all(
		executions.map(
			async (items) => await runNode({ node: rest, nodeType, items, credentials: { token: TOKEN, baseUrl: apiUrl } }),
		),
	);
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const { user, system } = process.cpuUsage(cpu);
	// One definition of success for every row: an output item that carries the new agent's ID.
	const succeeded = runs
		.flatMap(({ outputs }) => outputs[0] ?? [])
		.filter(
			(item) => item.json.assistant_id ?? (item.json.data as { assistant_id?: string } | undefined)?.assistant_id,
		).length;
	const nodeMs = Math.max(...runs.map(({ run }) => run.data.resultData.runData.ContactSwing?.[0]?.executionTime ?? 0));
	process.stdout.write(
		`${JSON.stringify({
			wallMs,
			nodeMs,
			cpuMs: (user + system) / 1000,
			peakRssMb: process.resourceUsage().maxRSS / 1024,
			rssBeforeMb: rssBefore / 1048576,
			succeeded,
			error: runs.find(({ error }) => error)?.error?.message,
		})}\n`,
	);
}

void main();
