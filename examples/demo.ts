/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- a command-line demo, not shipped */
/**
 * `npm run demo`: runs the example workflows through n8n's engine, their trigger replaced by its
 * pinned sample data, and prints what each ContactSwing node created.
 *
 * Without CONTACTSWING_TOKEN it uses the built-in local API double and runs everything.
 * With it, it uses the real API (CONTACTSWING_BASE_URL overrides the host), and then it is careful:
 * it first runs the examples against the double to learn exactly what they would create, prints
 * that plan, and leaves out every node that would call, message or campaign a real person.
 */
import '../test/harness/user-folder';

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { INode, IWorkflowBase } from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/ContactSwing/transport/baseUrl';
import { createContactSwingDouble } from '../test/double/server';
import { NODE_TYPE, runExampleWorkflow } from '../test/harness/engine';

/** Operations that reach real people (a phone call, a campaign's messages) and may cost money. */
const CONTACTS_PEOPLE: Record<string, string> = {
	'call.start': 'it would phone the sample number',
	'call.makeCall': 'it would phone the sample number',
	'campaign.create': 'it would message the sample customers',
};

function contactsPeople(node: INode): string | undefined {
	return node.type === NODE_TYPE
		? CONTACTS_PEOPLE[`${node.parameters.resource}.${node.parameters.operation}`]
		: undefined;
}

/** Examples whose nodes the engine harness can run; the AI-agent example needs n8n's AI nodes. */
function examples(): { runnable: IWorkflowBase[]; needsN8n: IWorkflowBase[] } {
	const all = readdirSync(__dirname)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(path.join(__dirname, file), 'utf8')) as IWorkflowBase);
	const needsN8n = (workflow: IWorkflowBase) =>
		workflow.nodes.some((node) => node.type.startsWith('@n8n/n8n-nodes-langchain.'));
	return { runnable: all.filter((workflow) => !needsN8n(workflow)), needsN8n: all.filter(needsN8n) };
}

/** The examples with every node that would contact a person disabled (n8n passes items through). */
function withoutContacting(workflow: IWorkflowBase): IWorkflowBase {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => (contactsPeople(node) ? { ...node, disabled: true } : node)),
	};
}

/** What the examples would send, learnt from a run against the local double. */
async function plan(workflows: IWorkflowBase[]): Promise<string[]> {
	const double = await createContactSwingDouble({ token: 'demo-token' }).start();
	try {
		const lines: string[] = [];
		for (const workflow of workflows) {
			double.reset();
			await runExampleWorkflow(workflow, { token: 'demo-token', baseUrl: double.url });
			for (const request of double.state.requests)
				lines.push(`${request.method} ${request.path} "${request.body?.name ?? ''}" (${workflow.name})`);
		}
		return lines;
	} finally {
		await double.stop();
	}
}

async function main() {
	const realToken = process.env.CONTACTSWING_TOKEN;
	const { runnable, needsN8n } = examples();
	let workflows = runnable;
	for (const workflow of needsN8n) {
		console.log(
			`Not run here: "${workflow.name}" needs an AI chat model; import it into n8n (npm run test:e2e runs it with a scripted model).`,
		);
	}
	const double = realToken ? undefined : await createContactSwingDouble({ token: 'demo-token' }).start();
	const credentials = realToken
		? { token: realToken, baseUrl: process.env.CONTACTSWING_BASE_URL ?? DEFAULT_BASE_URL }
		: { token: 'demo-token', baseUrl: double!.url };

	if (realToken) {
		console.log(`Using the ContactSwing API at ${credentials.baseUrl} (live mode)`);
		for (const workflow of workflows) {
			for (const node of workflow.nodes.filter(contactsPeople)) {
				console.log(
					`Skipped: "${node.name}" in "${workflow.name}": ${contactsPeople(node)}. Run it from n8n with your own data.`,
				);
			}
		}
		workflows = workflows.map(withoutContacting);
		const planned = await plan(workflows);
		console.log(
			`\nThis creates ${planned.length} things in your ContactSwing account, from the examples' sample data:`,
		);
		for (const line of planned) console.log(`  ${line}`);
	} else {
		console.log(`Using the local ContactSwing API double at ${credentials.baseUrl}`);
	}

	let failures = 0;
	try {
		for (const workflow of workflows) {
			const { outputs, error } = await runExampleWorkflow(workflow, credentials);
			console.log(`\n${workflow.name}`);
			for (const node of workflow.nodes.filter((candidate) => candidate.type === NODE_TYPE && !candidate.disabled)) {
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
