'use strict';
/**
 * Driving a real n8n from Node: a fresh user folder with the packed package, n8n CLI commands in
 * their own process groups, `n8n start` with an owner signed in, and their stopping. The hosts
 * are in e2e/hosts.js. Shared by the end-to-end suite (e2e/run.js, e2e/scenarios/) and the
 * benchmark's real-n8n rows (bench/run.js).
 */
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { HOSTS } = require('./hosts');
const { waitFor } = require('./wait');

const PACKAGE = 'n8n-nodes-contactswing';
const NODE_TYPE = `${PACKAGE}.contactSwing`;
/** The longest an n8n CLI command (import, execute…) may take before it is stopped. */
const COMMAND_TIMEOUT_MS = 180_000;
/** Every n8n process started here, so that whoever stops can stop them all. */
const children = new Set();

/**
 * A fresh n8n home with the packed package unpacked as a community node, the way n8n's installer
 * leaves it; `{ install: false }` leaves `.n8n/nodes` empty, for a scenario that installs it itself.
 */
function prepareUserFolder(tarball, { install = true } = {}) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-e2e-'));
	fs.mkdirSync(path.join(userFolder, '.n8n/nodes'), { recursive: true });
	if (!install) return userFolder;
	const target = path.join(userFolder, '.n8n/nodes/node_modules', PACKAGE);
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	fs.writeFileSync(
		path.join(userFolder, '.n8n/nodes/package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE]: `file:${tarball}` } }),
	);
	return userFolder;
}

function n8nEnv(host, userFolder, extra = {}) {
	return {
		PATH: `${path.dirname(host.node)}:${process.env.PATH}`,
		HOME: userFolder,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'contactswing-e2e-encryption-key',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: 'info',
		N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
		...host.env,
		...extra,
	};
}

function n8nBin(host) {
	return path.join(host.dir, 'node_modules/n8n/bin/n8n');
}

/**
 * Starts an n8n command in its own process group, with its own task-runner port; keeps its output.
 * `stdoutFile`: its standard output goes to that file, read by `stdout()` once it has ended. A
 * command that exits as soon as it has printed (n8n execute) can lose the end of a large output
 * written to a pipe; writes to a file are not lost.
 */
async function spawnN8n(host, userFolder, args, env = {}, { stdoutFile } = {}) {
	const runnerPort = await freePort();
	const stdoutFd = stdoutFile && fs.openSync(stdoutFile, 'w');
	const child = spawn(host.node, [n8nBin(host), ...args], {
		env: n8nEnv(host, userFolder, { N8N_RUNNERS_BROKER_PORT: String(runnerPort), ...env }),
		stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
		detached: true,
	});
	if (stdoutFd) fs.closeSync(stdoutFd);
	children.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const readStdout = () => (stdoutFile ? fs.readFileSync(stdoutFile, 'utf8') : stdout);
	return { child, stdout: readStdout, stderr: () => stderr, output: () => readStdout() + stderr };
}

/**
 * Runs an n8n CLI command to its end and keeps its output for the JWT scan. Asynchronous on
 * purpose: the API double answers n8n from this very process, so the event loop must stay free.
 */
async function n8n(host, userFolder, logs, args, env = {}) {
	const started = Date.now();
	// In the user folder, which the run removes with the rest.
	const stdoutFile = path.join(userFolder, `n8n-${process.hrtime.bigint()}.out`);
	const { child, stdout, stderr } = await spawnN8n(host, userFolder, args, env, { stdoutFile });
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		void stopChild(child);
	}, COMMAND_TIMEOUT_MS);
	const status = await new Promise((resolve) => child.once('close', (code) => resolve(code)));
	clearTimeout(timer);
	children.delete(child);
	logs.push(`$ n8n ${args.join(' ')}\n${stdout()}\n${stderr()}`);
	if (process.env.E2E_VERBOSE) process.stdout.write(`    n8n ${args[0]}: ${Date.now() - started} ms, exit ${status}\n`);
	const timeout = timedOut ? `n8n ${args[0]} stopped after ${COMMAND_TIMEOUT_MS / 1000} s without ending\n` : '';
	return { status, stdout: stdout(), stderr: timeout + stderr() };
}

/** `n8n execute --rawOutput` prints the run through the info log: the JSON is the block from a line `{` to a line `}`. */
async function executeWorkflow(host, userFolder, logs, id) {
	const result = await n8n(host, userFolder, logs, ['execute', `--id=${id}`, '--rawOutput']);
	const lines = result.stdout.split('\n');
	const start = lines.indexOf('{');
	const end = lines.indexOf('}', start);
	assert(
		start >= 0 && end > start,
		`n8n execute --id=${id} printed no result (exit ${result.status}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
	);
	return JSON.parse(lines.slice(start, end + 1).join('\n'));
}

/** One output of a node: 0 is the main output, 1 the error output with "Continue (using error output)". */
function nodeOutput(run, nodeName, output = 0) {
	const task = run.data.resultData.runData[nodeName]?.[0];
	assert(task, `no run data for "${nodeName}"; error: ${JSON.stringify(run.data.resultData.error?.message)}`);
	return (task.data?.main?.[output] ?? []).map((item) => ({ json: item.json, pairedItem: item.pairedItem }));
}

/**
 * A port free on 127.0.0.1 for a server started next, below Linux's ephemeral range (32768 on):
 * a port the kernel picks for `listen(0)` is also one it gives outgoing connections, and one of
 * them took it before n8n could bind it (a benchmark run with 10,000 requests just before).
 */
async function freePort() {
	const net = require('node:net');
	for (let attempt = 0; attempt < 100; attempt++) {
		const port = 20_000 + Math.floor(Math.random() * 12_000);
		const free = await new Promise((resolve) => {
			const probe = net.createServer();
			probe.once('error', () => resolve(false));
			probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
		});
		if (free) return port;
	}
	throw new Error('no free port on 127.0.0.1 between 20000 and 32000 in 100 tries');
}

async function stopChild(child) {
	if (child.exitCode !== null || child.signalCode !== null) return children.delete(child);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {
		child.kill('SIGTERM');
	}
	const timer = setTimeout(() => {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}, 15_000);
	await exited;
	clearTimeout(timer);
	children.delete(child);
}

/**
 * `n8n start` on a free port, ready (`/healthz/readiness`), its owner set up and signed in: what the
 * editor's REST API needs. Returns the base URL, a signed-in `get`/`post`, and `stop`, which keeps
 * the process's output in `logs`.
 */
async function startN8n(host, userFolder, logs, env = {}) {
	const port = await freePort();
	const { child, output } = await spawnN8n(host, userFolder, ['start'], { N8N_PORT: String(port), ...env });
	const base = `http://127.0.0.1:${port}`;
	const stop = async () => {
		logs.push(`$ n8n start\n${output()}`);
		await stopChild(child);
	};
	try {
		const exited = () => child.exitCode !== null && `n8n start exited (${child.exitCode})`;
		await waitFor(
			`n8n start on :${port} to be ready (GET /healthz/readiness answers 200)`,
			async () => (await fetch(`${base}/healthz/readiness`)).ok,
			{ timeoutMs: 120_000, everyMs: 500, stopIf: exited, seen: () => output().slice(-3000) },
		);
		const owner = { email: 'owner@contactswing.test', firstName: 'Ada', lastName: 'Owner', password: 'E2e-Password-1' };
		// n8n 1.x reports ready a moment before its REST routes are mounted: they answer 404 until then.
		let setup;
		await waitFor(
			'the REST API to be mounted (POST /rest/owner/setup answers other than 404)',
			async () => {
				setup = await fetch(`${base}/rest/owner/setup`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(owner),
				});
				return setup.status !== 404;
			},
			{ timeoutMs: 30_000, everyMs: 500, stopIf: exited, seen: () => setup?.status },
		);
		// A second `n8n start` on the same user folder finds its owner already set up.
		const setupText = await setup.text();
		assert(
			setup.ok || /already setup/.test(setupText),
			`owner setup failed: ${setup.status} ${setupText.slice(0, 300)}`,
		);
		const login = await fetch(`${base}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password }),
		});
		assert(login.ok, `login failed: ${login.status} ${await login.text()}`);
		const cookie = login.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		return {
			base,
			/** The n8n process's ID, to read its memory (/proc/<pid>/status). */
			pid: child.pid,
			owner,
			cookie,
			output,
			async get(urlPath) {
				const response = await fetch(`${base}${urlPath}`, { headers: { cookie } });
				assert(response.ok, `GET ${urlPath}: ${response.status}`);
				return await response.json();
			},
			async post(urlPath, body) {
				const response = await fetch(`${base}${urlPath}`, {
					method: 'POST',
					headers: { cookie, 'content-type': 'application/json' },
					body: JSON.stringify(body),
				});
				const text = await response.text();
				assert(response.ok, `POST ${urlPath}: ${response.status} ${text.slice(0, 300)}`);
				return JSON.parse(text);
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * Waits until `n8n start` serves the production webhook `POST /webhook/<webhookPath>`: readiness
 * does not mean an active workflow's webhook is registered (seen under load: a first event got
 * 404). The CORS preflight lists a registered path's methods without starting an execution.
 */
async function waitForWebhook(base, webhookPath, timeoutMs = 60_000) {
	let last;
	await waitFor(
		`the production webhook POST /webhook/${webhookPath} to be registered (a preflight lists POST)`,
		async () => {
			const response = await fetch(`${base}/webhook/${webhookPath}`, {
				method: 'OPTIONS',
				headers: { origin: base, 'access-control-request-method': 'POST' },
			});
			last = `${response.status}, methods ${response.headers.get('access-control-allow-methods')}`;
			return response.status === 204 && /\bPOST\b/.test(response.headers.get('access-control-allow-methods') ?? '');
		},
		{ timeoutMs, everyMs: 250, seen: () => last },
	);
}

/** Packs the project (built) into a temporary folder: the tarball users install. */
function packProject(root) {
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-pack-'));
	const [{ filename }] = JSON.parse(
		execFileSync('npm', ['pack', '--json', `--pack-destination=${packDir}`], { cwd: root, encoding: 'utf8' }),
	);
	return { packDir, tarball: path.join(packDir, filename) };
}

module.exports = {
	HOSTS,
	NODE_TYPE,
	PACKAGE,
	children,
	executeWorkflow,
	freePort,
	n8n,
	n8nBin,
	nodeOutput,
	packProject,
	prepareUserFolder,
	spawnN8n,
	startN8n,
	stopChild,
	waitForWebhook,
};
