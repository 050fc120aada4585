'use strict';
/**
 * The browser scenarios' set-up: Debian's Chromium (driven by playwright-core, no downloaded
 * browser), headless, signed in to an `n8n start` as its owner.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { chromium } = require('playwright-core');

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

module.exports = { dismissPopups, openEditor, screenshotFolder };
