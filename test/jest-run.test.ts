/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code runs jest as a command; it never ships */
/**
 * What `npm test` prints and leaves, checked on small jest runs of their own over the fixtures in
 * test/fixtures/jest-run: n8n's logger stays quiet for a passing test; a failing test shows its
 * log; DEBUG shows everything; and nothing of ours stays in the temp dir, even when a test fails
 * or leaves a folder behind (the run fails for that).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
let temp: string;

/** jest over some fixtures, with a temp dir of its own; what it printed and left there. */
async function jest(fixtures: string[], env: Record<string, string> = {}) {
	const args = [
		require.resolve('jest/bin/jest'),
		'--ci',
		// Shared by the runs of this file, so that only the first compiles the harness.
		`--cacheDirectory=${path.join(temp, 'cache')}`,
		'--testMatch',
		...fixtures.map((name) => `**/test/fixtures/jest-run/${name}.fixture.ts`),
	];
	const runTemp = mkdtempSync(path.join(temp, 'run-'));
	const childEnv: NodeJS.ProcessEnv = { ...process.env, TMPDIR: runTemp, ...env };
	// The child starts a jest run of its own, unaware of this one.
	delete childEnv.CONTACTSWING_JEST_RUN;
	delete childEnv.N8N_USER_FOLDER;
	delete childEnv.DEBUG;
	Object.assign(childEnv, env);
	const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
	return { status, output, left: readdirSync(runTemp).filter((name) => name.startsWith('contactswing-')) };
}

beforeAll(() => {
	temp = mkdtempSync(path.join(tmpdir(), 'contactswing-jest-run-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a jest run', () => {
	it("keeps n8n's log of passing tests to itself, prints a failing test's log, fails for a folder left in the temp dir, and leaves nothing of ours", async () => {
		const { status, output, left } = await jest(['quiet', 'loud', 'leftover']);
		expect(output).not.toContain('quiet-fixture-phone');
		expect(output).toContain('the log of the failed test "fails after n8n logs an error"');
		expect(output).toContain('loud-fixture-phone');
		expect(output).toMatch(/the tests left 1 of our files in the temp dir: contactswing-leftover-\w+/);
		expect(output).toContain('jest: 2 passed, 2 failed');
		expect(status).toBe(1);
		expect(left).toEqual([]);
	}, 180_000);

	it('with DEBUG set, prints the log of passing tests too', async () => {
		const { status, output, left } = await jest(['quiet'], { DEBUG: '1' });
		expect(output).toContain('quiet-fixture-phone');
		expect(output).toContain('jest: 1 passed, 0 failed');
		expect(status).toBe(0);
		expect(left).toEqual([]);
	}, 180_000);
});
