'use strict';
/**
 * The bench's Return All row: 10,000 customers (100 pages) read by Customer → Get Many with Return
 * All and Simplify on (the default), in n8n's engine in a process of its own (bench/return-all.ts),
 * against the double in this one: the node's time and the process's peak RSS.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const { createContactSwingDouble } = require('../test/double/server');
const { seedCustomers } = require('../test/double/contract');
const { TOKEN } = require('./workload');

const ROOT = path.resolve(__dirname, '..');
const CUSTOMERS = 10_000;

async function returnAllRow() {
	const double = await createContactSwingDouble({ token: TOKEN }).start();
	double.state.customers = seedCustomers(CUSTOMERS);
	try {
		// Spawned, not run synchronously: the double answers from this process's event loop.
		const child = spawn(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'return-all.ts'), double.url, 'true'],
			{
				cwd: ROOT,
				env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test/tsconfig.json'), TS_NODE_PREFER_TS_EXTS: 'true' },
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		let out = '';
		child.stdout.on('data', (chunk) => (out += chunk));
		await new Promise((resolve) => child.once('close', resolve));
		const result = JSON.parse(out.trim().split('\n').pop());
		if (result.error || result.records !== CUSTOMERS)
			throw new Error(`Return All read ${result.records} of ${CUSTOMERS} customers: ${result.error}`);
		const r = {
			label: `${CUSTOMERS.toLocaleString('en')} customers by Return All (100 pages, Simplify on): ContactSwing node`,
			kind: 'ours',
			items: CUSTOMERS,
			...result,
			created: 0,
			rateLimited: double.state.rateLimited,
			failed: CUSTOMERS - result.records,
		};
		process.stdout.write(
			`  ${r.label.padEnd(62)} node ${(r.nodeMs / 1000).toFixed(2).padStart(6)} s  rss ${r.peakRssMb.toFixed(0).padStart(4)} MB  records ${r.records}\n`,
		);
		return r;
	} finally {
		await double.stop();
	}
}

module.exports = { returnAllRow };
