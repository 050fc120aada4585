'use strict';
/**
 * A fail-fast execution locks no account (issue 29), in one `n8n start` with active webhook
 * workflows (e2e/soak.js has the accounts and the workflows): an account learns a pace from a
 * limit of 1 a second, the limit goes, an execution of 200 items runs with Max Rate Limit Wait 0;
 * the next default execution creates its 20 items at the learned pace or faster, not after the
 * refused turns. Small and quick, so that it runs on both lines even where the soak cannot.
 */
const { benchItem } = require('../../bench/workload');
const { waitForWebhook } = require('../n8n');
const { importSoak, soakWorkflow, startAccounts, stopAccounts } = require('../soak');

/** The next default execution's 20 items at a pace of one a second or faster, and some slack. */
const NEXT_WITHIN_MS = 30_000;

module.exports = {
	name: 'a fail-fast execution that locks no account',
	async run({ record, assert, userFolder, verbose, host }) {
		const [paced] = await startAccounts('paced', 1);
		const workflows = [
			soakWorkflow('soakFailFast', 'soak-fail-fast', 'ours', paced, { maxRateLimitWait: 0 }),
			soakWorkflow('soakDefault', 'soak-default', 'ours', paced),
		];
		let server;
		try {
			const n8n = await userFolder();
			await importSoak(n8n.run, n8n.folder, host.activate, [paced], workflows);
			server = await n8n.start();
			for (const { nodes } of workflows) await waitForWebhook(server.base, nodes[0].parameters.path);
			await failFastThenDefault({ server, paced, record, assert, verbose });
		} finally {
			if (server) await server.stop();
			await stopAccounts([paced]);
		}
	},
};

async function failFastThenDefault({ server, paced, record, assert, verbose }) {
	const { double } = paced;
	const call = async (webhookPath, count, prefix) => {
		const started = Date.now();
		const response = await fetch(`${server.base}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ items: Array.from({ length: count }, (_, i) => benchItem(prefix, i)) }),
		});
		const text = await response.text();
		assert(response.ok, `webhook ${webhookPath} answered ${response.status}: ${text.slice(0, 500)}`);
		return { output: JSON.parse(text), ms: Date.now() - started };
	};
	const created = (run) => run.output.filter((item) => item.assistant_id).length;
	double.configure({ rateLimit: { limit: 1, windowMs: 1000 } });
	const learning = await call('soak-default', 5, 'learn');
	double.configure({ rateLimit: undefined });
	const failFast = await call('soak-fail-fast', 200, 'fast');
	const next = await call('soak-default', 20, 'next');
	verbose(
		`fail-fast: learning ${created(learning)}/5 created, ${double.state.rateLimited} answered 429; ` +
			`fail-fast ${created(failFast)}/200 created in ${failFast.ms} ms; next ${created(next)}/20 created in ${next.ms} ms`,
	);
	record('a pace learned from 429s (a limit of 1 a second)', () =>
		assert(double.state.rateLimited > 0 && created(learning) === 5, `learning: ${JSON.stringify(learning.output)}`),
	);
	record(
		`after a fail-fast execution (Max Rate Limit Wait 0, 200 items), the next default execution creates its 20 items within ${NEXT_WITHIN_MS / 1000} s`,
		() => {
			assert.equal(created(next), 20, `next: ${JSON.stringify(next.output.find((item) => item.error))}`);
			assert(next.ms < NEXT_WITHIN_MS, `next took ${next.ms} ms`);
		},
	);
}
