'use strict';
/**
 * `npm run bench`: the same workload through the same n8n engine (n8n-core 2.41.1's WorkflowExecute),
 * once with the ContactSwing node and once with n8n 2.41.1's HTTP Request node making the identical
 * POST, against the local API double (in its own process) with configurable latency and rate limit.
 * Each run is its own process, so CPU time and peak RSS are that run's. Prints a table and writes
 * docs/benchmarks.md.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_PARALLEL = 10;
const HIGH_PARALLEL = 50;

function startDouble({ latencyMs = 0, rateLimit } = {}) {
	const args = [path.join(ROOT, 'test/double/server.js'), '--token', 'bench-token', '--latency', String(latencyMs)];
	if (rateLimit) args.push('--rate-limit', rateLimit);
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve) => {
		child.stdout.once('data', (chunk) => resolve({ url: String(chunk).trim(), child }));
	});
}

async function stopDouble(double) {
	const exited = new Promise((resolve) => double.child.once('exit', resolve));
	double.child.kill('SIGTERM');
	await exited;
}

function runScenario(kind, items, url, parallel) {
	const args = ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'scenario.ts'), kind, String(items), url];
	if (parallel) args.push(String(parallel));
	const out = execFileSync(process.execPath, args, {
		cwd: ROOT,
		env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test/tsconfig.json'), TS_NODE_PREFER_TS_EXTS: 'true' },
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		timeout: 600_000,
	});
	return JSON.parse(out.trim().split('\n').pop());
}

async function measure(label, kind, items, network, parallel) {
	const double = await startDouble(network);
	try {
		const result = runScenario(kind, items, double.url, parallel);
		const stats = await (await fetch(`${double.url}/__double/stats`)).json();
		const row = {
			label,
			kind,
			items,
			parallel,
			...network,
			...result,
			created: stats.assistants,
			rateLimited: stats.rateLimited,
			maxInFlight: stats.maxInFlight,
		};
		process.stdout.write(
			`  ${label.padEnd(44)} ${(row.wallMs / 1000).toFixed(2).padStart(7)} s  cpu ${row.cpuMs.toFixed(0).padStart(6)} ms  rss ${row.peakRssMb.toFixed(0).padStart(4)} MB  created ${row.created}\n`,
		);
		return row;
	} finally {
		await stopDouble(double);
	}
}

const fmt = (n, digits = 2) => n.toFixed(digits);

async function main() {
	const rows = {};
	const ours = (p) => `ContactSwing node, ${p} parallel${p === DEFAULT_PARALLEL ? ' (default)' : ''}`;
	process.stdout.write('Benchmark runs (each its own process):\n');
	for (const latencyMs of [0, 100]) {
		rows[`http-${latencyMs}`] = await measure(`1,000 items, ${latencyMs} ms: HTTP Request node`, 'http', 1000, {
			latencyMs,
		});
		rows[`ours10-${latencyMs}`] = await measure(
			`1,000 items, ${latencyMs} ms: ${ours(DEFAULT_PARALLEL)}`,
			'ours',
			1000,
			{ latencyMs },
			DEFAULT_PARALLEL,
		);
		rows[`ours50-${latencyMs}`] = await measure(
			`1,000 items, ${latencyMs} ms: ${ours(HIGH_PARALLEL)}`,
			'ours',
			1000,
			{ latencyMs },
			HIGH_PARALLEL,
		);
	}
	rows['http-10k'] = await measure('10,000 items, 0 ms: HTTP Request node', 'http', 10000, { latencyMs: 0 });
	rows['ours-10k'] = await measure(
		`10,000 items, 0 ms: ${ours(DEFAULT_PARALLEL)}`,
		'ours',
		10000,
		{ latencyMs: 0 },
		DEFAULT_PARALLEL,
	);
	rows['http-1k-rss'] = rows['http-0'];
	rows['http-rl'] = await measure('300 items, 10 requests/s limit: HTTP Request node', 'http', 300, {
		rateLimit: '10/1000',
	});
	rows['ours-rl'] = await measure(`300 items, 10 requests/s limit: ${ours(DEFAULT_PARALLEL)}`, 'ours', 300, {
		rateLimit: '10/1000',
	});

	const report = render(rows);
	fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
	fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), report);
	process.stdout.write(`\n${report}\nWritten to docs/benchmarks.md\n`);
}

function render(rows) {
	const versions = {
		node: process.version,
		'n8n-core (engine)': require(path.join(ROOT, 'node_modules/n8n-core/package.json')).version,
		'n8n-nodes-base (HTTP Request node)': require(
			path.join(ROOT, 'e2e/hosts/n8n-2/node_modules/n8n-nodes-base/package.json'),
		).version,
		'n8n-nodes-contactswing': require(path.join(ROOT, 'package.json')).version,
	};
	const cpu = os.cpus();
	const throughputRow = (key, name) => {
		const row = rows[key];
		const http = rows[`http-${row.latencyMs}`];
		const perItem = row.cpuMs / row.items;
		return `| ${name} | ${fmt(row.wallMs / 1000)} s | ${fmt(row.items / (row.wallMs / 1000), 0)} | ${fmt(perItem, 3)} ms | ${fmt(row.peakRssMb, 0)} MB | ${row.created} | ${key.startsWith('http') ? '1.00× / 1.00×' : `${fmt(row.wallMs / http.wallMs)}× / ${fmt(perItem / (http.cpuMs / http.items))}×`} |`;
	};
	const throughput = (latencyMs) => [
		`### 1,000 items, API latency ${latencyMs} ms`,
		'',
		'| node | wall time | items/s | CPU time per item | peak RSS | created | ratio to HTTP Request (wall / CPU per item) |',
		'|---|---|---|---|---|---|---|',
		throughputRow(`http-${latencyMs}`, 'HTTP Request node (all items at once)'),
		throughputRow(`ours10-${latencyMs}`, `ContactSwing, ${DEFAULT_PARALLEL} parallel (default)`),
		throughputRow(`ours50-${latencyMs}`, `ContactSwing, ${HIGH_PARALLEL} parallel`),
		'',
	];
	const floor = (parallel) => (1000 * 100) / parallel / 1000;
	const o10 = rows['ours10-100'];
	const o50 = rows['ours50-100'];
	const cpuRatio = rows['ours10-0'].cpuMs / 1000 / (rows['http-0'].cpuMs / 1000);
	return [
		"# Benchmarks: ContactSwing node vs n8n's HTTP Request node",
		'',
		'Made by `npm run bench` (`bench/run.js`), which runs the same workload through the same n8n engine',
		"(n8n-core's `WorkflowExecute`) once with this node and once with n8n's HTTP Request node (v4.2)",
		'making the identical `POST /v2/_new_assistants` with the same body, against the local API double',
		'(`test/double/server.js`, its own process, on 127.0.0.1) with the latency and rate limit given.',
		"Each run is its own process: CPU time (user + system) and peak RSS are that run's alone.",
		'One run per row; expect a few percent of noise between runs.',
		'',
		`Machine: ${cpu.length} × ${cpu[0].model}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}.`,
		`Versions: ${Object.entries(versions)
			.map(([name, version]) => `${name} ${version}`)
			.join(', ')}.`,
		`Date: ${new Date().toISOString().slice(0, 10)}.`,
		'',
		'## 1. Throughput, CPU and memory',
		'',
		...throughput(0),
		...throughput(100),
		'## 2. 10,000 items at 0 ms: memory',
		'',
		'| node | peak RSS | RSS before the run | wall time | created |',
		'|---|---|---|---|---|',
		`| HTTP Request node | ${fmt(rows['http-10k'].peakRssMb, 0)} MB | ${fmt(rows['http-10k'].rssBeforeMb, 0)} MB | ${fmt(rows['http-10k'].wallMs / 1000)} s | ${rows['http-10k'].created} |`,
		`| ContactSwing, ${DEFAULT_PARALLEL} parallel | ${fmt(rows['ours-10k'].peakRssMb, 0)} MB | ${fmt(rows['ours-10k'].rssBeforeMb, 0)} MB | ${fmt(rows['ours-10k'].wallMs / 1000)} s | ${rows['ours-10k'].created} |`,
		'',
		`From 1,000 to 10,000 items the ContactSwing node's peak RSS goes from ${fmt(rows['ours10-0'].peakRssMb, 0)} MB to ${fmt(rows['ours-10k'].peakRssMb, 0)} MB, the HTTP Request node's from ${fmt(rows['http-0'].peakRssMb, 0)} MB to ${fmt(rows['http-10k'].peakRssMb, 0)} MB (ratio ours/HTTP at 10,000: ${fmt(rows['ours-10k'].peakRssMb / rows['http-10k'].peakRssMb)}×).`,
		'',
		'## 3. 300 items against an API limited to 10 requests per second',
		'',
		'Both with default settings. The double answers 429 with `Retry-After` past 10 requests in a 1 s window.',
		'',
		'| node | items created | items failed | 429 answers | wall time | outcome |',
		'|---|---|---|---|---|---|',
		`| HTTP Request node | ${rows['http-rl'].created} | ${300 - rows['http-rl'].created} | ${rows['http-rl'].rateLimited} | ${fmt(rows['http-rl'].wallMs / 1000)} s | ${rows['http-rl'].error ? `the node failed: "${rows['http-rl'].error.slice(0, 120)}"` : 'finished'} |`,
		`| ContactSwing, ${DEFAULT_PARALLEL} parallel | ${rows['ours-rl'].created} | ${300 - rows['ours-rl'].succeeded} | ${rows['ours-rl'].rateLimited} | ${fmt(rows['ours-rl'].wallMs / 1000)} s | ${rows['ours-rl'].error ? `failed: ${rows['ours-rl'].error}` : 'finished, every item created'} |`,
		'',
		'## 4. The latency floor',
		'',
		'At 100 ms latency a node with P requests in flight cannot finish 1,000 items faster than 1,000 × 100 ms ÷ P.',
		'',
		'| node | floor | measured | measured ÷ floor |',
		'|---|---|---|---|',
		`| ContactSwing, ${DEFAULT_PARALLEL} parallel (default) | ${fmt(floor(DEFAULT_PARALLEL))} s | ${fmt(o10.wallMs / 1000)} s | ${fmt(o10.wallMs / 1000 / floor(DEFAULT_PARALLEL))}× |`,
		`| ContactSwing, ${HIGH_PARALLEL} parallel | ${fmt(floor(HIGH_PARALLEL))} s | ${fmt(o50.wallMs / 1000)} s | ${fmt(o50.wallMs / 1000 / floor(HIGH_PARALLEL))}× |`,
		`| HTTP Request node (1,000 in flight) | 0.10 s | ${fmt(rows['http-100'].wallMs / 1000)} s | ${fmt(rows['http-100'].wallMs / 100)}× |`,
		'',
		'## Targets',
		'',
		`- At 100 ms and 1,000 items, default parallelism within 1.25× of the latency floor: **${fmt(o10.wallMs / 1000 / floor(DEFAULT_PARALLEL))}×** (${o10.wallMs / 1000 / floor(DEFAULT_PARALLEL) <= 1.25 ? 'met' : 'missed'}).`,
		`- At 0 ms, CPU time per item within 1.5× of the HTTP Request node's: **${fmt(cpuRatio)}×** (${cpuRatio <= 1.5 ? 'met' : 'missed'}).`,
		`- In the rate-limited run, zero failed items: **${300 - rows['ours-rl'].succeeded} failed** (${300 - rows['ours-rl'].succeeded === 0 ? 'met' : 'missed'}).`,
		'',
	].join('\n');
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
