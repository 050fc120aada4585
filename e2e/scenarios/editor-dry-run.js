'use strict';
/**
 * Dry Run and the hints in the editor, by clicking (issue 30): in Chromium, the imported Form
 * example's node panel, Options → Add option lists Dry Run; turned on, the editor's run sends
 * nothing and the output panel shows each request and the Dry Run hint; turned off, with
 * ContactSwing rate-limiting the first create, the run creates every agent and the output panel
 * shows the rate-limit hint. Screenshots of the Options list and of both output panels.
 */
const path = require('node:path');

const { addOption, flipSwitch, openEditor, openWorkflow, outputPanelOf, screenshotFolder } = require('../chromium');
const { waitFor } = require('../wait');
const { exampleAsIs } = require('../workflows');

const EXAMPLE = 'form-trigger-whatsapp-agent.json';
const WORKFLOW = 'e2eDryRunEditor';
const NODE_NAME = 'Create WhatsApp agent';
const AGENTS = 2;

/** The editor's run of the whole workflow, until n8n has stored it as finished; returns its status. */
async function runFromEditor(page, server) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW }));
	const finished = async () => {
		const { data } = await server.get(`/rest/executions?filter=${filter}&limit=20`);
		return data.results.filter((result) => !['new', 'running', 'waiting'].includes(result.status));
	};
	const before = (await finished()).length;
	await page.locator('[data-test-id="execute-workflow-button"]').click();
	const [latest] = await waitFor('the editor’s run to finish', async () => {
		const done = await finished();
		return done.length > before && done;
	});
	return latest.status;
}

module.exports = {
	name: 'the editor in Chromium: Options → Dry Run, and the hints in the output panel',
	skip: () => process.env.E2E_BROWSER === 'off' && 'E2E_BROWSER=off',
	async run({ host, record, assert, double, folders, userFolder }) {
		// The docs show the current line's editor; the other line's screenshots go to a temporary folder.
		const images = screenshotFolder(folders, host.browser);
		const shot = (name) => page.screenshot({ path: path.join(images, name), animations: 'disabled' });
		const server = await (await userFolder({ workflows: [exampleAsIs(EXAMPLE, WORKFLOW)] })).start();
		const { browser, page } = await openEditor(server, assert);
		try {
			const node = await openWorkflow(page, server, WORKFLOW, NODE_NAME);

			// Options → Add option, as a builder finds it.
			await node.dblclick();
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.getByText('WhatsApp Phone Number ID').first().waitFor({ timeout: 30_000 });
			const listed = await addOption(page, 'Dry Run');
			record('editor: Options → Add option lists Dry Run', () => {
				assert(
					listed.some((text) => text.startsWith('Dry Run')),
					`Add option lists ${JSON.stringify(listed)}`,
				);
			});
			await flipSwitch(page, 'dryRun');
			await page.mouse.move(0, 0);
			await shot('options-dry-run.png');
			await page.keyboard.press('Escape');

			double.reset();
			const dryStatus = await runFromEditor(page, server);
			const dryOutput = await outputPanelOf(page, node, /Dry Run: 2 requests not sent/, /_new_assistants/).finally(() =>
				shot('dry-run-output.png'),
			);
			record(
				'editor: with Dry Run on, the run sends nothing and the output panel shows the requests and the hint',
				() => {
					assert(dryStatus === 'success', `the run ended ${dryStatus}`);
					assert(double.state.requests.length === 0, `the double received ${double.state.requests.length} requests`);
					for (const text of ['dry_run', '/v2/_new_assistants', 'Acme Bikes WhatsApp Agent'])
						assert(dryOutput.includes(text), `the output panel has no "${text}": ${dryOutput.slice(0, 600)}`);
				},
			);

			// Off again, in the same panel; ContactSwing rate-limits the first create once.
			await flipSwitch(page, 'dryRun');
			await page.keyboard.press('Escape');
			double.reset();
			double.failWhen((request) => request.method === 'POST', {
				status: 429,
				body: { detail: 'Too many requests' },
				headers: { 'retry-after': '1' },
				times: 1,
			});
			const status = await runFromEditor(page, server);
			const output = await outputPanelOf(
				page,
				node,
				/ContactSwing rate-limited 1 request/,
				/Globex Dental WhatsApp Agent/,
			).finally(() => shot('rate-limit-hint.png'));
			record(
				'editor: with Dry Run off, a rate-limited run creates every agent and the output panel shows the hint',
				() => {
					assert(status === 'success', `the run ended ${status}`);
					assert(
						double.state.assistants.length === AGENTS,
						`the double created ${double.state.assistants.length} agents`,
					);
					assert(
						/ContactSwing rate-limited 1 request; the node held \d+ requests? back for rate limits/.test(output),
						`the output panel reads ${JSON.stringify(output.slice(0, 600))}`,
					);
					assert(!output.includes('Dry Run'), 'the output panel still speaks of Dry Run');
				},
			);
			process.stdout.write(`    screenshots in ${images}\n`);
		} finally {
			await browser.close();
			await server.stop();
		}
	},
};
