'use strict';
/**
 * Nothing of ours outlives `npm test` in the OS temp dir. Each jest run gets a folder of its own,
 * `<temp dir>/contactswing-jest-*`, removed by globalTeardown whether tests failed or not:
 * - `tmp/` becomes the TMPDIR of the workers and of every process they start, so anything a test
 *   leaves behind lands there, where the summary reporter finds it (apart from other runs' files);
 * - the n8n user folders of the workers live beside it (test/harness/user-folder.ts).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The variable that tells the workers (and the reporter) where the run's folder is. */
const RUN_FOLDER = 'CONTACTSWING_JEST_RUN';
/** Every temporary file or folder this project makes is named like this. */
const OURS = /^contactswing-/;

/** globalSetup: runs in jest's main process before any worker starts, so they inherit TMPDIR. */
function setup() {
	const run = fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-jest-'));
	fs.mkdirSync(path.join(run, 'tmp'));
	process.env[RUN_FOLDER] = run;
	process.env.TMPDIR = path.join(run, 'tmp');
}

/** What the tests left in the run's temp dir that is ours (files of other tools are not checked). */
function leftInTempDir() {
	const run = process.env[RUN_FOLDER];
	if (!run) return [];
	return fs.readdirSync(path.join(run, 'tmp')).filter((name) => OURS.test(name));
}

/** globalTeardown: the run's folder goes, with whatever is in it. */
function teardown() {
	const run = process.env[RUN_FOLDER];
	if (run) fs.rmSync(run, { recursive: true, force: true });
}

module.exports = { RUN_FOLDER, leftInTempDir, setup, teardown };
