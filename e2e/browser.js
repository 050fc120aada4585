'use strict';
/**
 * The browser check, on a running `n8n start`: Debian's Chromium (driven by playwright-core, no
 * downloaded browser) opens the example workflow, opens the ContactSwing node's panel, checks the
 * Create WhatsApp fields and the credential picker, runs the workflow from the editor button,
 * checks the API double received the requests, and saves two screenshots: in a temporary folder,
 * or in the folder E2E_SCREENSHOTS names (`E2E_SCREENSHOTS=docs/images` refreshes the README's).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const IMAGES = process.env.E2E_SCREENSHOTS
	? path.resolve(process.env.E2E_SCREENSHOTS)
	: fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-screenshots-'));
const NODE_NAME = 'Create WhatsApp agent';

async function browserCheck({ host, server, record, assert, double, workflowId }) {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		const login = await page.request.post(`${server.base}/rest/login`, {
			data: { emailOrLdapLoginId: server.owner.email, email: server.owner.email, password: server.owner.password },
		});
		assert(login.ok(), `browser login failed: ${login.status()}`);

		await page.goto(`${server.base}/workflow/${workflowId}`);
		const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${NODE_NAME}"]`);
		await node.waitFor({ timeout: 60_000 });
		await dismissPopups(page);

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
			await page.screenshot({ path: path.join(IMAGES, 'node-panel.png') });
		}
		record(host, 'browser: the node panel shows the Create WhatsApp fields and the credential picker', () => {
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

		double.reset();
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		const deadline = Date.now() + 60_000;
		while (double.state.assistants.length < 2 && Date.now() < deadline) await page.waitForTimeout(250);
		await page.waitForTimeout(1500);
		await page.screenshot({ path: path.join(IMAGES, 'workflow-run.png') });
		process.stdout.write(`  screenshots in ${IMAGES}\n`);
		record(host, 'browser: running the workflow from the editor creates the agents', () => {
			assert(
				double.state.assistants
					.map((a) => a.name)
					.sort()
					.join() === 'Acme Bikes WhatsApp Agent,Globex Dental WhatsApp Agent',
				`the double created ${JSON.stringify(double.state.assistants.map((a) => a.name))}`,
			);
		});
	} finally {
		await browser.close();
	}
}

/** First-run dialogs and toasts that would cover the canvas. */
async function dismissPopups(page) {
	for (const selector of ['[data-test-id="close-button"]', 'button:has-text("Skip")', 'button:has-text("Got it")']) {
		const popup = page.locator(selector).first();
		if (await popup.isVisible().catch(() => false)) await popup.click().catch(() => {});
	}
}

module.exports = { browserCheck };
