'use strict';
/**
 * The README's custom API call built by clicking, as a new user would: in Chromium, a new
 * workflow, an HTTP Request node, Authentication → Predefined Credential Type → ContactSwing API
 * (n8n lists a credential type there only when it has an `authenticate` of its own), the
 * credential picked, the URL set to the double, the step run: the double sees the Bearer token.
 */
const path = require('node:path');

const { dismissPopups, openEditor, screenshotFolder } = require('../chromium');
const { waitFor } = require('../wait');
const { CREDENTIAL } = require('../workflows');

/** Picks `option` in the dropdown of the node parameter `name`, typing `search` first when given. */
async function choose(page, name, option, search) {
	const input = page.locator(`[data-test-id="parameter-input-${name}"]`).first();
	await input.click();
	if (search) await page.keyboard.type(search);
	// An option's accessible name is its label, then its description.
	await page
		.getByRole('option', { name: new RegExp(`^${option}`) })
		.first()
		.click({ timeout: 15_000 });
}

/** Adds the first node found by searching `search` in the node creator, opened by the button `opener`. */
async function addNode(page, opener, search, shown) {
	await page.locator(`[data-test-id="${opener}"]`).first().click();
	await page.locator('[data-test-id="node-creator-search-bar"]').fill(search);
	await page.locator('[data-test-id="node-creator-item-name"]', { hasText: shown }).first().waitFor();
	await page.keyboard.press('Enter');
}

module.exports = {
	name: 'the editor in Chromium: the ContactSwing credential picked in an HTTP Request node',
	// Both lines: the 1.x editor has the same panel and test ids for this path.
	skip: () => process.env.E2E_BROWSER === 'off' && 'E2E_BROWSER=off',
	async run({ record, assert, double, JWT, folders, userFolder }) {
		const images = screenshotFolder(folders);
		const server = await (await userFolder()).start();
		const { browser, page } = await openEditor(server, assert);
		const url = `${double.url}/v2/_actions?page=1&per_page=5`;
		let typeOffered = false;
		let credential = '';
		try {
			await page.goto(`${server.base}/workflow/new`);
			await page.locator('[data-test-id="canvas-add-button"]').first().waitFor({ timeout: 60_000 });
			await dismissPopups(page);
			// The Manual Trigger is "Trigger manually" in the node creator.
			await addNode(page, 'canvas-add-button', 'Manual', /Trigger manually|Manual Trigger/);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor();
			await page.keyboard.press('Escape');
			await dismissPopups(page);
			// The + on the trigger's output: the new node is connected to it.
			await addNode(page, 'canvas-handle-plus', 'HTTP Request', 'HTTP Request');
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.locator('[data-test-id="parameter-input-authentication"]').waitFor({ timeout: 30_000 });

			await choose(page, 'authentication', 'Predefined Credential Type');
			await page.locator('[data-test-id="parameter-input-nodeCredentialType"]').first().click();
			await page.keyboard.type('ContactSwing');
			const option = page.getByRole('option', { name: /^ContactSwing API/ }).first();
			typeOffered = await option
				.waitFor({ timeout: 15_000 })
				.then(() => true)
				.catch(() => false);
			assert(typeOffered, 'Credential Type does not offer "ContactSwing API"');
			await option.click();

			// The only ContactSwing credential is selected at once; else it is picked from the list.
			const picker = panel.locator('[data-test-id="node-credentials-select"]').first();
			await picker.waitFor({ timeout: 15_000 });
			credential = await picker.locator('input').first().inputValue();
			if (credential !== CREDENTIAL.name) {
				await picker.click();
				await page.getByRole('option', { name: CREDENTIAL.name }).first().click();
				credential = await picker.locator('input').first().inputValue();
			}

			const urlInput = panel
				.locator('[data-test-id="parameter-input-url"]')
				.locator('input, textarea, [contenteditable="true"]')
				.first();
			// One input event with the whole URL: typed key by key, the editor kept only the first character.
			await urlInput.fill(url);
			await page.keyboard.press('Tab');

			double.reset();
			await panel.locator('[data-test-id="node-execute-button"]').first().click();
			await waitFor('the double to receive the HTTP Request node’s call', () => double.state.requests.length > 0, {
				timeoutMs: 60_000,
				seen: () => double.state.requests.map((r) => `${r.method} ${r.path}`),
			});
		} finally {
			await page.screenshot({ path: path.join(images, 'pick-credential.png') }).catch(() => {});
			await browser.close();
			await server.stop();
		}
		record(
			'browser: HTTP Request → Predefined Credential Type lists ContactSwing API; the picked credential signs the call',
			() => {
				assert(typeOffered, 'ContactSwing API was not offered');
				assert(credential === CREDENTIAL.name, `the credential picker shows "${credential}"`);
				const [request] = double.state.requests;
				assert(
					request.method === 'GET' && request.path === '/v2/_actions',
					`the double got ${request.method} ${request.path}`,
				);
				assert(request.authorization === `Bearer ${JWT}`, 'the double did not get the Bearer token');
			},
		);
	},
};
