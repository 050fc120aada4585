'use strict';
/**
 * The new-user trial of the human-review example, by clicking as a builder would (issue 30), on
 * 2.x (its human-review tool is 2.x's): in Chromium, a new workflow, Import → From File with the
 * example, Connect to ContactSwing from the first tool's panel (its Token and Base URL typed,
 * pointing at the double; n8n sets the credential on the other tool too), Dry Run turned on in
 * both ContactSwing tools, the lead's message typed in the editor's chat: nothing reaches the
 * double, the create tool's output is its request, and the call waits for a person's approval.
 * Then Dry Run off and Execute workflow (the pinned message): the create reaches the double, and
 * no call before the approval. Each run is stopped at the approval: its "Call" button, clicked in
 * the editor's chat, did not resume the editor's run in this harness (issue 30's human-review
 * scenario approves through the chat's link, on an active workflow).
 */
const path = require('node:path');

const {
	addOption,
	canvasNode,
	dismissPopups,
	flipSwitch,
	openEditor,
	outputPanelOf,
	screenshotFolder,
} = require('../chromium');
const { waitFor } = require('../wait');
const { CREDENTIAL } = require('../workflows');

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/ai-agent-chat-human-review.json');
const TOOLS = ['Create WhatsApp agent', 'Call the lead'];
/** The lead's message, as the example's pinned chat message has it. */
const CHAT_INPUT = require(EXAMPLE).pinData['When chat message received'][0].json.chatInput;

const sent = (double) => double.state.requests.map((request) => `${request.method} ${request.path}`);

/**
 * The lead's message typed into the editor's chat, as a builder tries the workflow; resolves when
 * the chat shows the approval message ("Call" / "Do not call"), the create tool having run.
 */
async function chatUntilApproval(page) {
	const input = page.locator('textarea[placeholder^="Type message"]').first();
	if (!(await input.isVisible())) await page.getByText('Chat', { exact: true }).last().click();
	const approvals = page.locator('[data-test-id="canvas-chat"]').getByRole('button', { name: 'Do not call' });
	const before = await approvals.count();
	await input.fill(CHAT_INPUT);
	await input.press('Enter');
	await waitFor('the approval message in the editor’s chat', async () => (await approvals.count()) > before, {
		timeoutMs: 60_000,
	});
}

/** Stops the editor's run (waiting for the approval) with the canvas's stop button, and waits until it has stopped. */
async function stopRun(page) {
	const stop = page.locator('[data-test-id="stop-execution-button"]').first();
	await stop.click();
	await stop.waitFor({ state: 'hidden', timeout: 30_000 });
}

module.exports = {
	name: 'the editor in Chromium: a new user imports the human-review example, sets the credential, runs it with Dry Run on, then off',
	hosts: (host) => host.browser,
	skip: () => process.env.E2E_BROWSER === 'off' && 'E2E_BROWSER=off',
	async run({ record, assert, double, model, JWT, folders, userFolder }) {
		const images = screenshotFolder(folders);
		const server = await (await userFolder()).start();
		const { browser, page } = await openEditor(server, assert);
		const shot = (name) => page.screenshot({ path: path.join(images, name), animations: 'disabled' });
		const nodeOnCanvas = (name) => canvasNode(page, name);
		const panel = page.locator('[data-test-id="ndv"]');
		let finished = false;
		try {
			// A new user has no ContactSwing credential yet (the OpenAI one, on the scripted model, stays).
			const removed = await page.request.delete(`${server.base}/rest/credentials/${CREDENTIAL.id}`);
			assert(removed.ok(), `removing the e2e credential answered ${removed.status()}`);

			// A new workflow, ... → Import → From File, the example.
			await page.goto(`${server.base}/workflow/new`);
			await page.locator('[data-test-id="canvas-add-button"]').first().waitFor({ timeout: 60_000 });
			await dismissPopups(page);
			await page.locator('[data-test-id="workflow-menu"]').first().click();
			const [chooser] = await Promise.all([
				page.waitForEvent('filechooser', { timeout: 15_000 }),
				(async () => {
					await page.getByText('Import', { exact: true }).first().hover();
					await page
						.getByText(/^(Import )?from File/i)
						.first()
						.click();
				})(),
			]);
			await chooser.setFiles(EXAMPLE);
			await nodeOnCanvas(TOOLS[0]).waitFor({ timeout: 30_000 });

			// The credential, from the first tool's panel: Connect to ContactSwing, its Token and Base URL typed, Save.
			await nodeOnCanvas(TOOLS[0]).dblclick();
			await panel.getByText('Connect to ContactSwing').first().click({ timeout: 30_000 });
			const fields = page.locator(
				'[data-test-id="credential-edit-dialog"] [data-test-id="credential-connection-parameter"]',
			);
			await fields.filter({ hasText: 'Token' }).locator('input').first().fill(JWT);
			await fields.filter({ hasText: 'Base URL' }).locator('input').first().fill(double.url);
			await page.locator('[data-test-id="credential-save-button"]').first().click();
			const picker = panel.locator('[data-test-id="node-credentials-select"] input').first();
			await picker.waitFor({ timeout: 30_000 });
			await page.keyboard.press('Escape');
			const picked = {};
			for (const tool of TOOLS) {
				await nodeOnCanvas(tool).dblclick();
				picked[tool] = await picker.inputValue({ timeout: 30_000 });
				await addOption(page, 'Dry Run');
				await flipSwitch(page, 'dryRun');
				await page.keyboard.press('Escape');
			}
			const credentialTest = sent(double);
			record('new user: the credential made in the panel is tested against the Base URL and set on both tools', () => {
				assert(credentialTest.includes('GET /v2/_actions'), `the double received ${JSON.stringify(credentialTest)}`);
				for (const tool of TOOLS)
					assert(picked[tool] === 'ContactSwing account', `${tool}'s credential reads "${picked[tool]}"`);
			});

			// Dry Run on: the lead's message in the chat; nothing reaches the double, the create tool's output is its request.
			double.reset();
			await chatUntilApproval(page);
			const dryRequests = sent(double);
			const created = await outputPanelOf(
				page,
				nodeOnCanvas(TOOLS[0]),
				/Dry Run: 1 request not sent/,
				/_new_assistants/,
			);
			await shot('new-user-dry-run.png');
			await page.keyboard.press('Escape');
			await stopRun(page);
			record('new user: with Dry Run on, the run sends nothing and the create tool outputs its request', () => {
				assert(dryRequests.length === 0, `the double received ${JSON.stringify(dryRequests)}`);
				for (const text of ['dry_run', 'POST', '/v2/_new_assistants', 'Acme Bikes WhatsApp Agent', '650175178190181'])
					assert(created.includes(text), `the create tool's output has no "${text}": ${created.slice(0, 600)}`);
			});

			// Dry Run off in both tools: the same message creates the agent; the call still waits for a person.
			for (const tool of TOOLS) {
				await nodeOnCanvas(tool).dblclick();
				await flipSwitch(page, 'dryRun');
				await page.keyboard.press('Escape');
			}
			// Execute workflow runs the example's pinned message: the same create, then the call waits.
			double.reset();
			model.requests.length = 0;
			await page.locator('[data-test-id="execute-workflow-button"]').click();
			await waitFor(
				'the create to reach the double and the model to answer its result (with the call that waits for a person)',
				() => sent(double).includes('POST /v2/_new_assistants') && model.requests.length >= 2,
				{ timeoutMs: 60_000, seen: () => sent(double) },
			);
			const requests = sent(double);
			await stopRun(page);
			record('new user: with Dry Run off, the run creates the agent, and no call is placed before the approval', () => {
				assert(
					JSON.stringify(requests) === JSON.stringify(['POST /v2/_new_assistants']),
					`the double received ${JSON.stringify(requests)}`,
				);
				assert(
					double.state.assistants.map((agent) => agent.name).join() === 'Acme Bikes WhatsApp Agent',
					`the double created ${JSON.stringify(double.state.assistants.map((agent) => agent.name))}`,
				);
			});
			finished = true;
		} finally {
			if (!finished) await shot('new-user-failed.png').catch(() => {});
			await browser.close();
			await server.stop();
		}
	},
};
