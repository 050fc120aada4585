/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- a command-line demo, not shipped */
/**
 * `npm run demo`: runs the example workflows through n8n's engine, their trigger replaced by its
 * pinned sample data, and prints what each ContactSwing node created.
 * Without CONTACTSWING_TOKEN it uses the built-in local API double; with it, the real API
 * (CONTACTSWING_BASE_URL overrides the host).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IWorkflowBase } from 'n8n-workflow';

import { createContactSwingDouble } from '../test/double/server';
import { NODE_TYPE, runExampleWorkflow } from '../test/harness/engine';

const DEFAULT_BASE_URL = 'https://prod-contactswing-fastapi-962560522883.us-central1.run.app';

async function main() {
	const realToken = process.env.CONTACTSWING_TOKEN;
	const double = realToken ? undefined : await createContactSwingDouble({ token: 'demo-token' }).start();
	const credentials = realToken
		? { token: realToken, baseUrl: process.env.CONTACTSWING_BASE_URL ?? DEFAULT_BASE_URL }
		: { token: 'demo-token', baseUrl: double!.url };
	console.log(realToken ? `Using the ContactSwing API at ${credentials.baseUrl}` : `Using the local ContactSwing API double at ${credentials.baseUrl}`);

	let failures = 0;
	try {
		for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.json')).sort()) {
			const workflow = JSON.parse(readFileSync(path.join(__dirname, file), 'utf8')) as IWorkflowBase;
			const { outputs, error } = await runExampleWorkflow(workflow, credentials);
			console.log(`\n${workflow.name}`);
			for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE)) {
				for (const item of outputs[node.name]) console.log(`  ${node.name}: ${JSON.stringify(item.json)}`);
			}
			if (error) {
				failures++;
				console.log(`  FAILED: ${error.message}${error.description ? `\n  ${error.description}` : ''}`);
			}
		}
	} finally {
		await double?.stop();
	}
	process.exitCode = failures ? 1 : 0;
}

void main();
