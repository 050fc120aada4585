/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test and demo code; it never ships */
/**
 * n8n-core keeps its settings (an encryption key, an instance ID) in the n8n user folder, which is
 * ~/.n8n unless N8N_USER_FOLDER says otherwise. The tests and the demo are not an n8n install, so
 * they get a folder of their own and the user's home is never written. Imported before n8n-core.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const jestRun = process.env.CONTACTSWING_JEST_RUN;

if (process.env.N8N_USER_FOLDER) {
	// Given by the caller: theirs to keep or remove.
} else if (jestRun) {
	// Under jest, one folder per worker inside the run's folder, which globalTeardown removes
	// (test/harness/run-folder.js). A test file cannot remove its own on exit: jest hands each file
	// a copy of `process`, whose 'exit' listeners the real process never calls.
	const folder = path.join(jestRun, `n8n-${process.env.JEST_WORKER_ID ?? '1'}`);
	mkdirSync(folder, { recursive: true });
	process.env.N8N_USER_FOLDER = folder;
} else {
	// The demo and the benchmark's engine runs: plain Node processes, which call their 'exit'
	// listeners, but not when a signal ends them (Ctrl-C, a timeout): the folder, and n8n's
	// encryption key in it, would stay. So a signal removes it too, then ends the process as it would have.
	const folder = mkdtempSync(path.join(tmpdir(), 'contactswing-n8n-'));
	process.env.N8N_USER_FOLDER = folder;
	const remove = () => rmSync(folder, { recursive: true, force: true });
	process.on('exit', remove);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			remove();
			process.kill(process.pid, signal);
		});
	}
}
