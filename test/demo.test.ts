/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code runs the demo as a command; it never ships */
/**
 * `npm run demo`, run as users run it (a child process, `HOME` a fresh folder): offline against
 * its own double, and live against an API (here a double on 127.0.0.1 standing in for ContactSwing).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { FAKE_JWT, useDouble } from './harness/fixtures';

const api = useDouble();
const root = path.resolve(__dirname, '..');

async function demo(
	env: Record<string, string>,
): Promise<{ status: number | null; output: string; home: string[]; temp: string[] }> {
	const home = mkdtempSync(path.join(tmpdir(), 'contactswing-demo-home-'));
	// A temp dir of its own, to see what of ours the demo leaves there (tools may keep caches in it).
	const temp = mkdtempSync(path.join(tmpdir(), 'contactswing-demo-tmp-'));
	// As from a shell: the demo finds neither N8N_USER_FOLDER nor the jest run's folder.
	const childEnv: NodeJS.ProcessEnv = { ...process.env, HOME: home, TMPDIR: temp, ...env };
	delete childEnv.N8N_USER_FOLDER;
	delete childEnv.CONTACTSWING_JEST_RUN;
	const child = spawn(
		process.execPath,
		[
			require.resolve('ts-node/dist/bin'),
			'--transpile-only',
			'--prefer-ts-exts',
			'-P',
			'test/tsconfig.json',
			'examples/demo.ts',
		],
		{ cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
	const left = { home: readdirSync(home), temp: readdirSync(temp).filter((name) => name.startsWith('contactswing-')) };
	rmSync(home, { recursive: true, force: true });
	rmSync(temp, { recursive: true, force: true });
	return { status, output, ...left };
}

describe('npm run demo', () => {
	it('offline: runs every example against its own double and leaves the home folder and the temp dir untouched', async () => {
		const { status, output, home, temp } = await demo({});
		expect(output).toContain('Using the local ContactSwing API double');
		expect(output).toContain('Start outbound call: {"call_id"');
		expect(output).toContain(
			'Not run here: "Chat with a lead → AI Agent creates a WhatsApp agent (ContactSwing tool)" needs an AI chat model',
		);
		expect(output).not.toContain('FAILED');
		expect(status).toBe(0);
		expect(home).toEqual([]); // no ~/.n8n (n8n-core's settings go to a temporary user folder)
		expect(temp).toEqual([]); // ... which the demo removes when it ends
		expect(api().state.requests).toEqual([]);
	}, 60_000);

	it('live: prints what it will create, creates exactly that, and never calls or messages anyone', async () => {
		const { status, output, home, temp } = await demo({
			CONTACTSWING_TOKEN: FAKE_JWT,
			CONTACTSWING_BASE_URL: api().url,
		});
		expect(status).toBe(0);
		expect(home).toEqual([]);
		expect(temp).toEqual([]);
		expect(output).toContain(`Using the ContactSwing API at ${api().url} (live mode)`);
		expect(output).toMatch(
			/Skipped: "Start outbound call" in "New CRM lead → Create WhatsApp agent → Start outbound call \(ContactSwing\)": it would phone the sample number/,
		);

		const received = api().state.requests;
		expect(received.length).toBeGreaterThan(0);
		expect(received.filter((r) => /_call|makeCall|campaign/.test(r.path))).toEqual([]);
		// The plan printed before the first request lists each create the API then received, once.
		const planText = output.slice(
			output.indexOf('This creates'),
			output.indexOf('\n\n', output.indexOf('This creates')),
		);
		const planned = planText
			.split('\n')
			.slice(1)
			.map((line) => line.trim().replace(/ \(.*\)$/, ''));
		expect(planText).toMatch(new RegExp(`^This creates ${received.length} things`));
		expect(planned.sort()).toEqual(received.map((r) => `${r.method} ${r.path} "${r.body.name}"`).sort());
		expect(api().state.violations).toEqual([]);
	}, 60_000);
});
