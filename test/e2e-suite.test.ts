/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code checks the end-to-end runner with a child process; it never ships */
/**
 * The end-to-end suite's own rules, checked without n8n: a scenario that throws is recorded as
 * failed and the next one still runs; an n8n process a failed scenario left behind is stopped;
 * waits wait for a state, with a bounded timeout that names it; the suite never sleeps.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { children } from '../e2e/n8n';
import { results, runScenario, summary } from '../e2e/run';
import { SCENARIOS } from '../e2e/scenarios';
import { name as SECRETS } from '../e2e/scenarios/secrets';
import { waitFor } from '../e2e/wait';

const root = path.resolve(__dirname, '..');
const host = { name: 'fake n8n' };
const shared = { double: { reset: () => undefined }, model: { requests: [] } };

/** What the runner printed while `action` ran. */
async function printed(action: () => Promise<unknown> | unknown): Promise<string> {
	let output = '';
	const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
		output += String(chunk);
		return true;
	});
	try {
		await action();
	} finally {
		write.mockRestore();
	}
	return output;
}

describe('the end-to-end runner', () => {
	beforeEach(() => results.splice(0));

	it('records a scenario that throws as failed, runs the next one, and ends with the count and a failing exit code', async () => {
		const hostRun = { logs: [], folders: [] };
		let exitCode = 0;
		const output = await printed(async () => {
			await runScenario(
				{
					name: 'a scenario that throws',
					run: async ({ record }: { record: (name: string, check: () => void) => void }) => {
						record('a check before the throw', () => undefined);
						throw new Error('timed out after 60 s waiting for the production webhook');
					},
				},
				host,
				shared,
				hostRun,
			);
			await runScenario(
				{
					name: 'the next scenario',
					run: async ({ record }: { record: (name: string, check: () => void) => void }) =>
						record('a check of the next scenario', () => undefined),
				},
				host,
				shared,
				hostRun,
			);
			exitCode = summary();
		});
		expect(results).toEqual([
			{ name: 'fake n8n: a check before the throw', ok: true },
			{ name: 'fake n8n: a scenario that throws: stopped before its end', ok: false },
			{ name: 'fake n8n: a check of the next scenario', ok: true },
		]);
		expect(output).toContain('timed out after 60 s waiting for the production webhook');
		expect(output).toContain('e2e: 2 passed, 1 failed');
		expect(exitCode).toBe(1);
	});

	it('stops the processes a failed scenario left running', async () => {
		let left: ReturnType<typeof spawn> | undefined;
		await printed(() =>
			runScenario(
				{
					name: 'a scenario that leaves a process',
					run: async () => {
						left = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
						children.add(left);
						throw new Error('failed with its process still running');
					},
				},
				host,
				shared,
				{ logs: [], folders: [] },
			),
		);
		expect(left!.exitCode !== null || left!.signalCode !== null).toBe(true);
		expect(children.has(left)).toBe(false);
	});

	it('has scenarios of one shape, the JWT search last', () => {
		for (const scenario of SCENARIOS) {
			expect(typeof scenario.name).toBe('string');
			expect(typeof scenario.run).toBe('function');
			for (const optional of ['hosts', 'skip'])
				expect(['undefined', 'function']).toContain(typeof (scenario as Record<string, unknown>)[optional]);
		}
		expect(SCENARIOS.at(-1)?.name).toBe(SECRETS);
	});
});

/** The suite's .js files, outside the n8n hosts. */
function suiteSources(dir = path.join(root, 'e2e')): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.isDirectory()) return entry.name === 'hosts' ? [] : suiteSources(path.join(dir, entry.name));
		return entry.name.endsWith('.js') ? [path.join(dir, entry.name)] : [];
	});
}

describe('the switches of the end-to-end suite', () => {
	it('are all in the table of CONTRIBUTING.md', () => {
		const read = new Set(
			suiteSources().flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]),
			),
		);
		read.delete('PATH'); // handed on to n8n, not a switch
		expect(read.size).toBeGreaterThan(0);
		const contributing = readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8');
		const table = contributing.slice(
			contributing.indexOf('### Switches'),
			contributing.indexOf('### Adding a scenario'),
		);
		expect([...read].filter((name) => !table.includes(`| \`${name}\` |`))).toEqual([]);
	});
});

describe('waiting in the end-to-end suite', () => {
	it('fails after its timeout, naming the state it waited for and what it saw last', async () => {
		await expect(
			waitFor('the worker to report ready', () => false, { timeoutMs: 50, everyMs: 10, seen: () => 'starting' }),
		).rejects.toThrow(/^timed out after 0 s waiting for the worker to report ready; last seen: starting$/);
	});

	it('gives up at once when the state can no longer come', async () => {
		const started = Date.now();
		await expect(
			waitFor('n8n start to be ready', () => false, { timeoutMs: 60_000, stopIf: () => 'n8n start exited (1)' }),
		).rejects.toThrow(/gave up after 0 s \(n8n start exited \(1\)\) waiting for n8n start to be ready/);
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('returns the state as soon as it is there', async () => {
		let polls = 0;
		await expect(waitFor('the third poll', () => ++polls >= 3 && polls, { everyMs: 1 })).resolves.toBe(3);
	});

	it('never sleeps: only e2e/wait.js waits on a clock', () => {
		const sleeps = suiteSources()
			.filter((file) => !file.endsWith(`${path.sep}wait.js`))
			.flatMap((file) =>
				readFileSync(file, 'utf8')
					.split('\n')
					.map((line, index) => [line, index] as const)
					.filter(([line]) => /waitForTimeout\(|setTimeout\(\s*resolve\b|=>\s*setTimeout\(\s*r\b/.test(line))
					.map(([line, index]) => `${path.relative(root, file)}:${index + 1}: ${line.trim()}`),
			);
		expect(sleeps).toEqual([]);
	});
});
