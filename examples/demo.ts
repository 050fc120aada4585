/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- a command-line demo, not shipped */
/**
 * `npm run demo`: runs the example workflows' ContactSwing node through n8n's engine, fed with the
 * trigger's sample data (the workflow's pinData), and prints the created assistants.
 * Without CONTACTSWING_TOKEN it uses the built-in local API double; with it, the real API
 * (CONTACTSWING_BASE_URL overrides the host).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INode, INodeExecutionData } from 'n8n-workflow';

import { createContactSwingDouble } from '../test/double/server';
import { NODE_TYPE, runNode } from '../test/harness/engine';

const EXAMPLES = ['form-trigger-whatsapp-agent.json', 'crm-webhook-whatsapp-agent.json', 'crm-contact-voice-agent.json'];
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
		for (const file of EXAMPLES) {
			const workflow = JSON.parse(readFileSync(path.join(__dirname, file), 'utf8'));
			const node = workflow.nodes.find((candidate: INode) => candidate.type === NODE_TYPE);
			const trigger = Object.keys(workflow.connections)[0];
			const items: INodeExecutionData[] = workflow.pinData[trigger];
			const { outputs, error } = await runNode({ node, items, credentials });
			console.log(`\n${workflow.name}: ${items.length} item(s) from "${trigger}"`);
			if (error) {
				failures++;
				console.log(`  FAILED: ${error.message}${error.description ? `\n  ${error.description}` : ''}`);
				continue;
			}
			for (const item of outputs[0]) console.log(`  created ${JSON.stringify(item.json)}`);
		}
	} finally {
		await double?.stop();
	}
	process.exitCode = failures ? 1 : 0;
}

void main();
