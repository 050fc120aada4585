'use strict';
/**
 * End-to-end: the packed package inside real n8n, the way users install it.
 *
 * Builds and packs the project, starts the local ContactSwing API double and the scripted chat
 * model, then runs every scenario of e2e/scenarios/index.js on every selected host (e2e/hosts.js).
 * A scenario is a unit: it starts from a reset double, makes its own n8n user folders, records its
 * checks and cleans up after itself. When one throws, it is recorded as failed, whatever n8n
 * processes it left are stopped, and the next scenario runs.
 *
 * Prints `e2e: N passed, N failed`; exits non-zero on any failure; stops everything it started.
 * The switches (E2E_HOSTS, E2E_N8N_VERSION, E2E_SCENARIOS, E2E_QUEUE, E2E_BROWSER, E2E_KEEP,
 * E2E_VERBOSE, E2E_SCREENSHOTS, CHROMIUM_PATH) are described in CONTRIBUTING.md.
 * Needs the hosts from e2e/install-hosts.sh (`npm run test:e2e` installs them first).
 */
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { createContactSwingDouble } = require('../test/double/server');
const { selectedHosts } = require('./hosts');
const {
	children,
	executeWorkflow,
	n8n,
	n8nBin,
	packProject,
	prepareUserFolder,
	startN8n,
	stopChild,
} = require('./n8n');
const { SCENARIOS } = require('./scenarios');
const { createScriptedModel } = require('./scripted-model');
const { CREDENTIAL } = require('./workflows');

const ROOT = path.resolve(__dirname, '..');
/** The credential's token: no stored data, output or log of n8n may ever hold it. */
const JWT = 'e2e.jwt-2c7f9a1d-secret-token-do-not-leak';

/** @type {{ name: string, ok: boolean }[]} Every check of the run, in order. */
const results = [];

function report(name, ok, error) {
	results.push({ name, ok });
	process.stdout.write(
		ok ? `  ✓ ${name}\n` : `  ✗ ${name}\n      ${String(error?.message).split('\n').join('\n      ')}\n`,
	);
}

/** Deep equality whatever the key order, with the scenario's words for what differed. */
function equal(actual, expected, what) {
	try {
		assert.deepStrictEqual(actual, expected);
	} catch (error) {
		error.message = `${what}: ${error.message}`;
		throw error;
	}
}

/** What a scenario gets to work with: see CONTRIBUTING.md, "Adding a scenario". */
function contextFor(host, shared, hostRun) {
	const { double, model, tarball } = shared;
	const record = (name, check) => {
		try {
			check();
			report(`${host.name}: ${name}`, true);
		} catch (error) {
			report(`${host.name}: ${name}`, false, error);
		}
	};

	/** An n8n user folder of this host, and the commands that work on it. */
	function inFolder(folder) {
		const importDir = path.join(folder, 'import');
		const here = {
			folder,
			run: (args, env) => n8n(host, folder, hostRun.logs, args, env),
			execute: (id) => executeWorkflow(host, folder, hostRun.logs, id),
			start: (env) => startN8n(host, folder, hostRun.logs, env),
			/** Imports the e2e credentials (ContactSwing on the double, OpenAI on the scripted model) and `workflows`. */
			async setUp(workflows = []) {
				const credentials = path.join(folder, 'credentials.json');
				fs.writeFileSync(
					credentials,
					JSON.stringify([
						{ ...CREDENTIAL, type: 'contactSwingApi', data: { token: JWT, baseUrl: double.url } },
						{
							id: 'openai-e2e',
							name: 'OpenAI e2e',
							type: 'openAiApi',
							data: { apiKey: 'sk-e2e-scripted-model', url: model.url },
						},
					]),
				);
				const imported = await here.run(['import:credentials', `--input=${credentials}`]);
				assert(imported.status === 0, `n8n import:credentials failed: ${imported.stderr.slice(-1500)}`);
				if (!workflows.length) return;
				fs.mkdirSync(importDir, { recursive: true });
				for (const workflow of workflows)
					fs.writeFileSync(path.join(importDir, `${workflow.id}.json`), JSON.stringify(workflow));
				const result = await here.run(['import:workflow', '--separate', `--input=${importDir}`]);
				assert(result.status === 0, `n8n import:workflow failed: ${result.stderr.slice(-1500)}`);
			},
			/** Makes an imported workflow active (its production webhook is served after `n8n start`). */
			async activate(id) {
				const result = await here.run(host.activate(id));
				assert(result.status === 0, `activating workflow ${id} failed: ${result.stderr.slice(-1500)}`);
			},
		};
		return here;
	}

	return {
		host,
		double,
		model,
		tarball,
		JWT,
		record,
		assert,
		equal,
		/** Every n8n process's output on this host so far (the secrets scenario scans them all). */
		logs: hostRun.logs,
		/** Every user folder made on this host so far. */
		folders: hostRun.folders,
		/**
		 * A fresh n8n user folder with the packed package installed as a community node, the e2e
		 * credentials and `workflows` imported. `{ install: false }`: an empty one, nothing imported.
		 */
		async userFolder({ workflows = [], install = true } = {}) {
			const folder = prepareUserFolder(tarball, { install });
			hostRun.folders.push(folder);
			const here = inFolder(folder);
			if (install) await here.setUp(workflows);
			return here;
		},
		/** A line of detail under the scenario's checks, printed with E2E_VERBOSE. */
		verbose(line) {
			if (process.env.E2E_VERBOSE) process.stdout.write(`    ${line}\n`);
		},
	};
}

/** One scenario on one host, isolated: its failure is recorded, and what it left running is stopped. */
async function runScenario(scenario, host, shared, hostRun) {
	const skipped = scenario.skip?.(host);
	if (skipped) {
		process.stdout.write(`  - ${host.name}: ${scenario.name}: skipped (${skipped})\n`);
		return;
	}
	shared.double.reset();
	shared.model.requests.length = 0;
	const running = new Set(children);
	const started = Date.now();
	try {
		await scenario.run(contextFor(host, shared, hostRun));
	} catch (error) {
		report(`${host.name}: ${scenario.name}: stopped before its end`, false, error);
	} finally {
		await Promise.all([...children].filter((child) => !running.has(child)).map(stopChild));
		if (process.env.E2E_VERBOSE)
			process.stdout.write(`    ${scenario.name}: ${Math.round((Date.now() - started) / 1000)} s\n`);
	}
}

/** The scenarios E2E_SCENARIOS names (file names in e2e/scenarios, comma-separated), all by default. */
function selectedScenarios() {
	const only = process.env.E2E_SCENARIOS?.split(',').map((name) => name.trim());
	const unknown = only?.filter((name) => !SCENARIOS.some((scenario) => scenario.file === name)) ?? [];
	if (unknown.length)
		throw new Error(`E2E_SCENARIOS names no scenario: ${unknown.join(', ')} (e2e/scenarios/index.js lists them)`);
	return SCENARIOS.filter((scenario) => !only || only.includes(scenario.file));
}

/**
 * The run's own temp folder, the TMPDIR of this process and of every n8n it starts: the user
 * folders, the packed tarball and the screenshots go there, and whatever else a process leaves
 * there is found at the end (the run fails on anything of ours: a folder can hold n8n's
 * encryption key) and removed with it.
 */
const runFolder = { path: undefined };

function useRunFolder() {
	runFolder.path = fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-e2e-run-'));
	// Others may pass through, as through /tmp (queue mode's PostgreSQL runs as its own user); each
	// folder in it is made private by mkdtemp.
	fs.chmodSync(runFolder.path, 0o755);
	process.env.TMPDIR = runFolder.path;
}

/** Removes the run's folders; returns what was left of ours beside the ones the run knows about. */
function removeRunFolder(known) {
	if (!runFolder.path) return [];
	for (const folder of known) fs.rmSync(folder, { recursive: true, force: true });
	const left = fs.readdirSync(runFolder.path).filter((name) => name.startsWith('contactswing-'));
	fs.rmSync(runFolder.path, { recursive: true, force: true });
	return left;
}

async function main() {
	const started = Date.now();
	const hosts = selectedHosts();
	const scenarios = selectedScenarios();
	useRunFolder();
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
	const { packDir, tarball } = packProject(ROOT);
	const double = await createContactSwingDouble({ token: JWT }).start();
	const model = createScriptedModel();
	await model.start();
	const shared = { double, model, tarball };
	const folders = [];
	try {
		for (const host of hosts) {
			if (!fs.existsSync(n8nBin(host))) {
				report(`${host.name}: host installed (run e2e/install-hosts.sh)`, false, new Error(`no ${n8nBin(host)}`));
				continue;
			}
			process.stdout.write(`\n${host.name}\n`);
			const hostRun = { logs: [], folders: [] };
			for (const scenario of scenarios.filter((candidate) => !candidate.hosts || candidate.hosts(host)))
				await runScenario(scenario, host, shared, hostRun);
			folders.push(...hostRun.folders);
		}
	} finally {
		await Promise.all([...children].map(stopChild));
		await double.stop();
		await model.stop();
		if (process.env.E2E_KEEP) process.stdout.write(`kept: ${folders.join(' ')} (in ${runFolder.path})\n`);
		else {
			const left = removeRunFolder([...folders, packDir]);
			if (left.length)
				report('the run leaves nothing in the temp dir', false, new Error(`left behind: ${left.join(', ')}`));
			else report('the run leaves nothing in the temp dir', true);
		}
	}
	process.stdout.write(`\ne2e took ${Math.round((Date.now() - started) / 1000)} s\n`);
	process.exitCode = summary();
}

/** The closing line CI reads; the exit code: 1 when anything failed or nothing ran. */
function summary(extraFailures = 0) {
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed + extraFailures;
	process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
	return failed || passed === 0 ? 1 : 0;
}

module.exports = { results, runScenario, summary };

if (require.main === module) {
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.on(signal, async () => {
			await Promise.all([...children].map(stopChild));
			if (!process.env.E2E_KEEP) removeRunFolder([]);
			process.exit(130);
		});
	}
	main().catch(async (error) => {
		process.stdout.write(`e2e crashed: ${error.stack}\n`);
		await Promise.all([...children].map(stopChild));
		if (!process.env.E2E_KEEP) removeRunFolder([]);
		summary(1);
		process.exit(1);
	});
}
