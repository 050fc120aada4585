'use strict';
/**
 * The editor in a browser, on `n8n start`: Debian's Chromium (driven by playwright-core, no
 * downloaded browser) opens the Form example as users import it (its sample submissions pinned),
 * opens the ContactSwing node's panel, checks the Create WhatsApp fields and the credential picker,
 * runs the workflow with the editor's button (whose label the README must use), and checks the API
 * double received the requests. Then what a builder meets when adding the node: the subtitle in
 * the panel's words, the actions' short names in the nodes panel, and a Voice agent's Phone Number
 * at the top level. Four screenshots: in E2E_SCREENSHOTS's folder when set
 * (`E2E_SCREENSHOTS=docs/images` refreshes the docs'), else in a temporary one.
 */
const fs = require('node:fs');
const path = require('node:path');

const { openEditor, openWorkflow, screenshotFolder } = require('../chromium');
const { waitFor } = require('../wait');
const { exampleAsIs } = require('../workflows');

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = 'form-trigger-whatsapp-agent.json';
const WORKFLOW = 'e2eFormAsIs0001';
const NODE_NAME = 'Create WhatsApp agent';
const AGENTS = ['Acme Bikes WhatsApp Agent', 'Globex Dental WhatsApp Agent'];
/** Actions the nodes panel lists under ContactSwing, in n8n's short wording (issue 31). */
const ACTIONS = ['Create an AI agent', 'Start a call', 'Make a call', 'Create a campaign', 'Create an agent action'];

/**
 * Adds a ContactSwing node as a builder does: the nodes panel, a search, the node, an action.
 * Returns the actions the panel listed.
 */
async function addFromNodesPanel(page, images, action) {
	const names = page.locator('[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]');
	const screenshot = () => page.screenshot({ path: path.join(images, 'node-actions.png'), animations: 'disabled' });
	for (const close of await page.locator('.el-notification__closeBtn').all()) await close.click().catch(() => {});
	try {
		await page.locator('[data-test-id="node-creator-plus-button"]').first().click();
		await page.locator('[data-test-id="node-creator-search-bar"]').first().fill('ContactSwing');
		await names
			.filter({ hasText: /^ContactSwing$/ })
			.first()
			.click();
		await names.filter({ hasText: action }).first().waitFor({ timeout: 30_000 });
	} catch (error) {
		await screenshot();
		throw error;
	}
	const listed = (await names.allInnerTexts()).map((text) => text.trim());
	await screenshot();
	await names.filter({ hasText: action }).first().click();
	return listed;
}

module.exports = {
	name: 'the editor in Chromium: the imported Form example, its panel and a run',
	hosts: (host) => host.browser,
	skip: () => process.env.E2E_BROWSER === 'off' && 'E2E_BROWSER=off',
	async run({ record, assert, double, folders, userFolder }) {
		const images = screenshotFolder(folders);
		const server = await (await userFolder({ workflows: [exampleAsIs(EXAMPLE, WORKFLOW)] })).start();
		const { browser, page } = await openEditor(server, assert);
		try {
			const node = await openWorkflow(page, server, WORKFLOW, NODE_NAME);

			// Open the node's panel and read what the user sees there.
			let texts = '';
			let credential = '';
			try {
				await node.dblclick();
				const panel = page.locator('[data-test-id="ndv"]');
				await panel.getByText('WhatsApp Phone Number ID').first().waitFor({ timeout: 30_000 });
				texts = await panel.innerText();
				const inputs = await panel.locator('input').evaluateAll((elements) => elements.map((element) => element.value));
				credential =
					inputs.find((value) => value === 'ContactSwing e2e') ?? `none of ${JSON.stringify(inputs.slice(0, 5))}`;
			} finally {
				await page.screenshot({ path: path.join(images, 'node-panel.png') });
			}
			record('browser: the node panel shows the Create WhatsApp fields and the credential picker', () => {
				for (const label of [
					'Credential',
					'Resource',
					'Operation',
					'Channel',
					'Name',
					'Model',
					'Instructions',
					'WhatsApp Phone Number ID',
					'Additional Fields',
				]) {
					assert(texts.includes(label), `the panel has no "${label}"`);
				}
				assert(credential === 'ContactSwing e2e', `the credential picker shows "${credential}"`);
			});
			await page.keyboard.press('Escape');

			// The README tells users to press this button by its label.
			const button = page.locator('[data-test-id="execute-workflow-button"]');
			const label = (await button.innerText()).trim();
			const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
			record(`browser: the run button is labelled "${label}", as the README calls it`, () => {
				assert(readme.includes(`**${label}**`), `the README does not name the button **${label}**`);
			});

			double.reset();
			await button.click();
			await waitFor(
				`the double to have created the example's ${AGENTS.length} agents`,
				() => double.state.assistants.length >= AGENTS.length,
				{ timeoutMs: 60_000, seen: () => double.state.assistants.map((a) => a.name) },
			);
			// The screenshot shows the run as the editor ends it: the node marked successful, the run
			// button done with its loading state (its spinner fades out), the success toast shown.
			await node.locator('[data-test-id="canvas-node-status-success"]').waitFor({ timeout: 60_000 });
			await waitFor(
				`the run button to leave its loading state and read "${label}" again`,
				async () =>
					(await button.locator('[class*="loading-container"]').count()) === 0 &&
					(await button.innerText()).trim() === label,
				{ timeoutMs: 30_000 },
			);
			await page.getByText('Workflow executed successfully').first().waitFor({ timeout: 30_000 });
			// Not hovered, as a reader sees it; a toast still sliding in is shown where it ends.
			await page.mouse.move(0, 0);
			await page.screenshot({ path: path.join(images, 'workflow-run.png'), animations: 'disabled' });
			process.stdout.write(`    screenshots in ${images}\n`);
			record(
				'browser: running the imported example from the editor creates its agents from the pinned submissions',
				() => {
					assert(
						double.state.assistants
							.map((a) => a.name)
							.sort()
							.join() === AGENTS.join(),
						`the double created ${JSON.stringify(double.state.assistants.map((a) => a.name))}`,
					);
				},
			);

			const subtitle = await node.innerText();
			record('browser: the node\'s subtitle uses the panel\'s labels ("Agent: Create")', () => {
				assert(subtitle.includes('Agent: Create'), `the canvas node reads ${JSON.stringify(subtitle)}`);
			});

			const listed = await addFromNodesPanel(page, images, 'Create an AI agent');
			record("browser: the nodes panel lists ContactSwing's actions by short names, no cost warning in them", () => {
				for (const action of ACTIONS)
					assert(listed.includes(action), `the panel lists no "${action}": ${JSON.stringify(listed)}`);
				assert(!listed.some((text) => /costs? money/.test(text)), `a name warns of cost: ${JSON.stringify(listed)}`);
			});

			// The added node's panel: Channel → Voice shows Phone Number without opening Additional Fields
			// (a new node's Additional Fields is empty, so the input can only be the top-level one).
			const panel = page.locator('[data-test-id="ndv"]');
			const phone = panel.locator('[data-test-id="parameter-input-phoneNumber"]').first();
			let shown = false;
			try {
				await panel.locator('[data-test-id="parameter-input-type"]').first().click();
				await page
					.locator('.el-select-dropdown__item:visible, [role="option"]:visible')
					.filter({ hasText: /^\s*Voice/ })
					.first()
					.click();
				shown = await phone.waitFor({ timeout: 30_000 }).then(
					() => true,
					() => false,
				);
			} finally {
				await page.mouse.move(0, 0);
				await page.screenshot({ path: path.join(images, 'voice-agent-panel.png'), animations: 'disabled' });
			}
			const voicePanel = await panel.innerText();
			record("browser: a Voice agent's Phone Number is at the top level of the panel", () => {
				assert(shown, `no Phone Number input; the panel reads ${JSON.stringify(voicePanel.slice(0, 600))}`);
				assert(/Phone Number/.test(voicePanel), 'the panel has no "Phone Number" label');
			});
		} finally {
			await browser.close();
			await server.stop();
		}
	},
};
