'use strict';
/**
 * The browser scenarios' set-up: Debian's Chromium (driven by playwright-core, no downloaded
 * browser), headless, signed in to an `n8n start` as its owner.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { chromium } = require('playwright-core');

const { waitFor } = require('./wait');

/** A browser and a page signed in to `server`; close the browser when done. */
async function openEditor(server, assert) {
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
		return { browser, page };
	} catch (error) {
		await browser.close();
		throw error;
	}
}

/** First-run dialogs and toasts that would cover the canvas. */
async function dismissPopups(page) {
	for (const selector of ['[data-test-id="close-button"]', 'button:has-text("Skip")', 'button:has-text("Got it")']) {
		const popup = page.locator(selector).first();
		if (await popup.isVisible().catch(() => false)) await popup.click().catch(() => {});
	}
}

/**
 * In the open node panel: Options → Add option, then `option` from its list. Returns what the list
 * offered. The last "Add option" is the Options collection's (Additional Fields has one too).
 */
async function addOption(page, option) {
	const add = page
		.locator('[data-test-id="ndv"]')
		.locator('input[placeholder="Add option"], button:has-text("Add option")')
		.last();
	await add.scrollIntoViewIfNeeded();
	await add.click();
	const choices = page.locator('[role="option"]:visible, [role="menuitem"]:visible, .el-select-dropdown__item:visible');
	const choice = choices.filter({ hasText: new RegExp(`^\\s*${option}`) }).first();
	await choice.waitFor({ timeout: 15_000 }).catch(() => {});
	const listed = (await choices.allInnerTexts()).map((text) => text.trim());
	if (listed.some((text) => text.startsWith(option))) await choice.click();
	return listed;
}

/** The open node panel's boolean parameter `name` (a switch), flipped and in view. */
async function flipSwitch(page, name) {
	const toggle = page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"] .el-switch`).first();
	await toggle.click();
	await toggle.scrollIntoViewIfNeeded();
}

/** Opens an imported workflow in the editor; returns its node `nodeName` on the canvas, once shown. */
async function openWorkflow(page, server, id, nodeName) {
	await page.goto(`${server.base}/workflow/${id}`);
	const node = canvasNode(page, nodeName);
	await node.waitFor({ timeout: 60_000 });
	await dismissPopups(page);
	return node;
}

function canvasNode(page, name) {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

/** Opens `node`'s panel and waits until its output panel reads each of `texts` (RegExps); returns what it reads. */
async function outputPanelOf(page, node, ...texts) {
	await node.dblclick();
	const output = page.locator('[data-test-id="ndv"] [data-test-id="output-panel"]');
	let shown = '';
	await waitFor(
		`the output panel to read ${texts.join(' and ')}`,
		async () => {
			shown = await output.innerText();
			return texts.every((text) => text.test(shown));
		},
		{ timeoutMs: 30_000, seen: () => shown.slice(-600) },
	);
	await page.mouse.move(0, 0);
	return shown;
}

/**
 * Where a scenario saves its screenshots: E2E_SCREENSHOTS's folder when set (`docs/images` refreshes
 * the docs'), else a temporary one, removed with the run's `folders`. `forDocs: false` (another
 * line's editor than the docs show) always takes a temporary one.
 */
function screenshotFolder(folders, forDocs = true) {
	if (process.env.E2E_SCREENSHOTS && forDocs) return path.resolve(process.env.E2E_SCREENSHOTS);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-screenshots-'));
	folders.push(folder);
	return folder;
}

module.exports = {
	addOption,
	canvasNode,
	dismissPopups,
	flipSwitch,
	openEditor,
	openWorkflow,
	outputPanelOf,
	screenshotFolder,
};
