'use strict';
/**
 * The benchmark's long-running rows, in a real `n8n start` with active webhook workflows (issue 32):
 * - the soak (e2e/soak.js): the busy mix of answers, the HTTP Request node then the ContactSwing
 *   node, each in a fresh n8n so that both start from the same memory;
 * - n8n's memory per waiting execution: WAITING executions of one item each, held 60 s by the
 *   ContactSwing node (a Retry-After of 60 on the account) or by a plain Wait node (60 s: under
 *   65 s n8n keeps the execution in memory, as it keeps ours), against the same n8n idle.
 */
const fs = require('node:fs');

const { n8n, prepareUserFolder, startN8n, waitForWebhook } = require('../e2e/n8n');
const {
	SLACK_S,
	TIMEOUT_S,
	describe,
	importSoak,
	rssMb,
	runPhase,
	soakWorkflows,
	startAccounts,
	stopAccounts,
	webhookWorkflow,
} = require('../e2e/soak');
const { waitFor } = require('../e2e/wait');
const { benchItem, nodeUnderTest } = require('./workload');

const SOAK_SECONDS = 60;
/** Under the node's bound of 50 executions waiting for a rate limit at once (limiter/waiting.ts; the warm-up one waits too). */
const WAITING = 40;
const HOLD_S = 60;
/** Executions not stored, as in the soak. */
const N8N_ENV = { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', EXECUTIONS_DATA_SAVE_ON_ERROR: 'none' };

/** A fresh user folder with the accounts and workflows imported; `n8n start` on it, webhooks registered. */
async function n8nWith(host, tarball, logs, accounts, workflows) {
	const folder = prepareUserFolder(tarball);
	const run = (args) => n8n(host, folder, logs, args);
	await importSoak(run, folder, host.activate, accounts, workflows);
	const server = await startN8n(host, folder, logs, N8N_ENV);
	for (const { nodes } of workflows) await waitForWebhook(server.base, nodes[0].parameters.path);
	return { folder, server };
}

/** The soak with each node, 60 s of the busy mix: the figures of each run. */
async function soakRows(host, tarball) {
	const logs = [];
	const accounts = await startAccounts('bench');
	const rows = {};
	try {
		for (const [index, kind] of ['http', 'ours'].entries()) {
			const { folder, server } = await n8nWith(host, tarball, logs, accounts, soakWorkflows(kind, accounts));
			try {
				rows[kind] = await runPhase({
					server,
					accounts,
					paths: accounts.map((_, i) => `soak-${kind}-${i}`),
					name: `soak-${kind}`,
					mix: 'busy',
					seconds: SOAK_SECONDS,
					// The node's default Max Rate Limit Wait (120 s); the HTTP Request node waits for nothing.
					budgetS: (kind === 'ours' ? 120 : 0) + TIMEOUT_S + SLACK_S,
					seed: 3200 + index,
				});
				process.stdout.write(`  ${describe(rows[kind])}\n`);
			} finally {
				await server.stop();
				fs.rmSync(folder, { recursive: true, force: true });
			}
		}
	} finally {
		await stopAccounts(accounts);
	}
	return rows;
}

/** Webhook (answers at once) → Split Out → the node that waits: ours held by a Retry-After, or a Wait node. */
function waitingWorkflow(kind, account) {
	const waiter =
		kind === 'ours'
			? { ...nodeUnderTest('ours', account.double.url), credentials: { contactSwingApi: account.credential } }
			: {
					type: 'n8n-nodes-base.wait',
					typeVersion: 1.1,
					parameters: { resume: 'timeInterval', amount: HOLD_S, unit: 'seconds' },
				};
	return webhookWorkflow(`waiting${kind}`, `waiting-${kind}`, 'onReceived', { name: 'Waiter', ...waiter });
}

/**
 * n8n's RSS with WAITING executions held, less its RSS just before, per execution. One execution
 * first warms n8n up (and, for ours, meets the 429 that holds the account for 60 s).
 */
async function waitingMemory(host, tarball) {
	const logs = [];
	const [account] = await startAccounts('waiting', 1);
	account.double.failWhen(() => true, {
		status: 429,
		body: { detail: 'Too many requests' },
		headers: { 'retry-after': String(HOLD_S) },
	});
	const result = {};
	try {
		for (const kind of ['wait', 'ours']) {
			const { folder, server } = await n8nWith(host, tarball, logs, [account], [waitingWorkflow(kind, account)]);
			try {
				const send = (i) =>
					fetch(`${server.base}/webhook/waiting-${kind}`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify({ items: [benchItem('waiting', i)] }),
					}).then((response) => response.text());
				await send(0);
				// Every execution of the burst must be held by the time memory is read (ours: by the account's hold).
				if (kind === 'ours')
					await waitFor('the first create to be answered 429', () => account.double.state.requests.length > 0);
				const before = rssMb(server.pid);
				for (let i = 1; i <= WAITING; i++) await send(i);
				const samples = [];
				// Memory read over 10 s while all wait (the Retry-After and the Wait node hold them 60 s).
				await waitFor("ten readings of n8n's memory", () => samples.push(rssMb(server.pid)) >= 10, {
					timeoutMs: 30_000,
					everyMs: 1000,
				});
				const after = Math.max(...samples);
				result[kind] = { beforeMb: before, afterMb: after, perExecutionMb: (after - before) / WAITING };
				process.stdout.write(
					`  ${WAITING} executions waiting, ${kind === 'ours' ? 'ContactSwing node (Retry-After 60 s)' : 'Wait node (60 s)'}: RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB, ${result[kind].perExecutionMb.toFixed(2)} MB each; the double received ${account.double.state.requests.length} requests\n`,
				);
			} finally {
				await server.stop();
				fs.rmSync(folder, { recursive: true, force: true });
			}
		}
	} finally {
		await stopAccounts([account]);
	}
	return result;
}

module.exports = { soakRows, waitingMemory, WAITING, SOAK_SECONDS };
