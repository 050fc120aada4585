/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- reads its fixtures: test code, never shipped */
/**
 * Parameter names are a public contract: a workflow saved by an earlier version of the node runs
 * unchanged. Each fixture of `fixtures/saved-workflows/` holds nodes saved by the node at c1c5e8b
 * (every operation and variant, as n8n's editor stores them) and what that node sent; today's
 * node, loaded by n8n's engine with its own description, must send the same requests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INode } from 'n8n-workflow';

import { runNode } from './harness/engine';
import { credentialsFor, sentRequests, uploadItems, useDouble } from './harness/fixtures';

const FOLDER = path.join(__dirname, 'fixtures', 'saved-workflows');
const double = useDouble();

interface SavedWorkflow {
	name: string;
	nodes: INode[];
	sent: Record<string, unknown[]>;
}

const saved = readdirSync(FOLDER)
	.filter((file) => file.endsWith('.json'))
	.flatMap((file) => {
		const workflow = JSON.parse(readFileSync(path.join(FOLDER, file), 'utf8')) as SavedWorkflow;
		return workflow.nodes.map((node) => [`${file}: ${node.name}`, node, workflow.sent[node.name]] as const);
	});

it('has a saved workflow for every operation and variant', () => {
	expect(saved).toHaveLength(2 * 24);
});

it.each(saved)('%s sends what it sent when it was saved', async (_name, node, sent) => {
	const { error } = await runNode({ node, items: uploadItems(), credentials: credentialsFor(double()) });
	expect(error?.message).toBeUndefined();
	const requests = sentRequests(double());
	expect(double().state.violations).toEqual([]);
	expect(requests).toEqual(sent);
});
