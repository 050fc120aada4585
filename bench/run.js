'use strict';
/**
 * `npm run bench`: the same workload, with default settings, once with the ContactSwing node and
 * once with n8n 2.41.1's HTTP Request node making the identical POST, against the local API double
 * (its own process) with the latency and rate limit given:
 * - in n8n's engine (n8n-core's WorkflowExecute), each run its own process, so that CPU time and
 *   peak RSS are that run's;
 * - in a real n8n 2.41.1 (`n8n execute`), with the packed package installed as users install it.
 * Prints each row as it goes and writes docs/benchmarks.md with the ratios and the targets.
 */
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { HOSTS, children, executeWorkflow, n8n, packProject, prepareUserFolder, stopChild } = require('../e2e/n8n');

const { SOAK_SECONDS, WAITING, soakRows, waitingMemory } = require('./soak');
const { TOKEN, benchItem, nodeUnderTest } = require('./workload');

const ROOT = path.resolve(__dirname, '..');
const REAL_N8N = HOSTS[0];
const REAL_KINDS = {
	http: 'HTTP Request node',
	fields: 'HTTP Request node, the same values mapped as body fields',
	alike: 'HTTP Request node set up as ours: the ContactSwing credential, the same values mapped as body fields',
	signed: 'HTTP Request node, signed by the ContactSwing credential',
	batched: 'HTTP Request node, the ContactSwing credential, batches of 100',
	ours: 'ContactSwing node',
	fixed: 'ContactSwing node, values typed in (no expressions)',
};
/** The kinds signed by the ContactSwing credential (the others send a literal Authorization header). */
const SIGNED = new Set(['ours', 'fixed', 'signed', 'batched', 'alike']);
/** Rows compared with the HTTP Request node run this often, alternating, and report the median. */
const REPEATS = 3;

/** The run with the median node time; the row keeps every run's node time for the spread. */
function median(runs) {
	const sorted = [...runs].sort((a, b) => a.nodeMs - b.nodeMs);
	return { ...sorted[Math.floor(sorted.length / 2)], runsMs: runs.map((r) => r.nodeMs) };
}

/** `measure(kind)` REPEATS times for each of `kinds`, alternating, so that drift hits them all alike. */
async function alternating(measure, kinds = ['http', 'ours']) {
	const runs = Object.fromEntries(kinds.map((kind) => [kind, []]));
	for (let i = 0; i < REPEATS; i++) for (const kind of kinds) runs[kind].push(await measure(kind));
	return Object.fromEntries(kinds.map((kind) => [kind, median(runs[kind])]));
}

function startDouble({ latencyMs = 0, rateLimit } = {}) {
	const args = [path.join(ROOT, 'test/double/server.js'), '--token', TOKEN, '--latency', String(latencyMs)];
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

/** BENCH_TIMELINE=1: each real run also prints the requests in flight at the double every TIMELINE_MS. */
const TIMELINE_MS = 50;

/** The double's counters; `since` (a request count): also when the requests after it began and ended. */
const doubleStats = async (double, since) =>
	await (
		await fetch(`${double.url}/__double/stats${since === undefined ? '' : `?since=${since}&every=${TIMELINE_MS}`}`)
	).json();

/** What every row reports, from the double's own counters and the node's output. */
function row(label, kind, items, result, before, after) {
	return {
		label,
		kind,
		items,
		...result,
		created: after.assistants - before.assistants,
		rateLimited: after.rateLimited - before.rateLimited,
		// One definition for every row: an input item the node did not return as a created agent.
		failed: items - result.succeeded,
	};
}

function print(r) {
	const split = r.requestsMs
		? `first request after ${s(r.firstRequestMs)}, requests ${s(r.requestsMs)}, at most ${r.inFlightPeak} in flight  `
		: '';
	process.stdout.write(
		`  ${r.label.padEnd(62)} node ${(r.nodeMs / 1000).toFixed(2).padStart(6)} s  wall ${(r.wallMs / 1000).toFixed(2).padStart(6)} s  ${r.rssBeforeMb ? `rss ${r.peakRssMb.toFixed(0).padStart(4)} MB  ` : ''}${split}created ${r.created}  failed ${r.failed}  429s ${r.rateLimited}\n`,
	);
}

/** One engine run in its own process, against its own double. */
async function engine(label, kind, items, network = {}, executions = 1) {
	const double = await startDouble(network);
	try {
		const before = await doubleStats(double);
		const out = execFileSync(
			process.execPath,
			[
				'-r',
				'ts-node/register/transpile-only',
				path.join(__dirname, 'scenario.ts'),
				kind,
				String(items),
				double.url,
			].concat(executions > 1 ? [String(executions)] : []),
			{
				cwd: ROOT,
				env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'test/tsconfig.json'), TS_NODE_PREFER_TS_EXTS: 'true' },
				encoding: 'utf8',
				maxBuffer: 64 * 1024 * 1024,
				timeout: 600_000,
			},
		);
		const result = JSON.parse(out.trim().split('\n').pop());
		const r = row(label, kind, items * executions, result, before, await doubleStats(double));
		print(r);
		return r;
	} finally {
		await stopDouble(double);
	}
}

/** Manual Trigger → Set (the items) → Split Out → the node under test (bench/workload.js). */
function realWorkflow(id, kind, count, doubleUrl) {
	const items = Array.from({ length: count }, (_, i) => benchItem(id, i));
	const underTest = {
		...nodeUnderTest(kind, doubleUrl),
		...(SIGNED.has(kind) ? { credentials: { contactSwingApi: { id: 'cs-bench', name: 'ContactSwing bench' } } } : {}),
	};
	const node = (name, type, typeVersion, x, parameters) => ({
		id: `${id}-${x}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
	});
	return {
		id,
		name: id,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Items', 'n8n-nodes-base.set', 3.4, 200, {
				mode: 'raw',
				jsonOutput: JSON.stringify({ items }),
				options: {},
			}),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, 400, { fieldToSplitOut: 'items', options: {} }),
			{
				...node('Under Test', underTest.type, underTest.typeVersion, 600, underTest.parameters),
				credentials: underTest.credentials,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/**
 * The packed node and the HTTP Request node in a real n8n 2.41.1, `n8n execute`, node time from the
 * run data, against the double at `latencyMs`; `kinds` (of bench/workload.js) for every size.
 */
async function realN8nRows(tarball, sizes, { latencyMs = 0, kinds } = {}) {
	const userFolder = prepareUserFolder(tarball);
	const double = await startDouble({ latencyMs });
	const logs = [];
	const rows = {};
	try {
		const runs = sizes.flatMap((count) =>
			Array.from({ length: REPEATS }, (_, repeat) =>
				// 'fixed' (the same create with its values typed in) shows the node's own cost beside n8n's
				// expressions; 'fields' and 'alike', the HTTP Request node evaluating as many expressions as ours.
				(kinds ?? ['http', 'fields', 'alike', 'ours', 'fixed']).filter(KINDS).map((kind) => ({
					kind,
					count,
					id: `bench${kind}${count}r${repeat}`,
				})),
			).flat(),
		);
		fs.writeFileSync(
			path.join(userFolder, 'credentials.json'),
			JSON.stringify([
				{
					id: 'cs-bench',
					name: 'ContactSwing bench',
					type: 'contactSwingApi',
					data: { token: TOKEN, baseUrl: double.url },
				},
			]),
		);
		fs.writeFileSync(
			path.join(userFolder, 'workflows.json'),
			JSON.stringify(runs.map(({ kind, count, id }) => realWorkflow(id, kind, count, double.url))),
		);
		for (const args of [
			['import:credentials', `--input=${path.join(userFolder, 'credentials.json')}`],
			['import:workflow', `--input=${path.join(userFolder, 'workflows.json')}`],
		]) {
			const { status, stderr } = await n8n(REAL_N8N, userFolder, logs, args);
			if (status !== 0) throw new Error(`n8n ${args[0]} failed: ${stderr.slice(-1500)}`);
		}
		for (const { kind, count, id } of runs) {
			const before = await doubleStats(double);
			const run = await executeWorkflow(REAL_N8N, userFolder, logs, id);
			const task = run.data.resultData.runData['Under Test']?.[0];
			const output = task?.data?.main?.[0] ?? [];
			const succeeded = output.filter((item) => item.json.assistant_id ?? item.json.data?.assistant_id).length;
			const label = `${count.toLocaleString('en')} items, ${latencyMs} ms, real n8n: ${REAL_KINDS[kind]}`;
			const after = await doubleStats(double, before.requests);
			// Where the node time goes, by the double's clock (the same machine's): n8n's work on the items
			// before the first request (their expressions), then the requests to the last answer.
			const firstRequestMs = after.firstReceivedAt - (task?.startTime ?? NaN);
			const requestsMs = after.lastAnsweredAt - after.firstReceivedAt;
			const { inFlightPeak, timeline, statuses } = after;
			const timing = {
				nodeMs: task?.executionTime ?? NaN,
				wallMs: NaN,
				succeeded,
				firstRequestMs,
				requestsMs,
				inFlightPeak,
			};
			const r = row(label, kind, count, timing, before, after);
			print(r);
			if (process.env.BENCH_TIMELINE)
				process.stdout.write(`    in flight every ${TIMELINE_MS} ms: ${timeline.join(' ')}\n`);
			// A row of refusals (a credential that does not sign, a 401 per item) measures nothing.
			if (r.created !== count || r.failed !== 0)
				throw new Error(
					`${label}: created ${r.created} of ${count}, failed ${r.failed}; statuses ${JSON.stringify(statuses)}`,
				);
			(rows[`${kind}-${count}`] ??= []).push(r);
		}
	} finally {
		await Promise.all([...children].map(stopChild));
		await stopDouble(double);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	return Object.fromEntries(Object.entries(rows).map(([key, runs]) => [key, median(runs)]));
}

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const s = (ms) => `${fmt(ms / 1000)} s`;

/** BENCH_ONLY: comma-separated parts (engine, real, real-100, soak, waiting) run and printed alone; docs/benchmarks.md is left as it is. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const wanted = (part) => !ONLY || ONLY.includes(part);
/** BENCH_KINDS: comma-separated kinds of bench/workload.js, the only ones the real rows run (to set old and new code side by side). */
const KINDS = (kind) => !process.env.BENCH_KINDS || process.env.BENCH_KINDS.split(',').includes(kind);

async function main() {
	const rows = {};
	const name = (kind) => REAL_KINDS[kind];
	if (wanted('engine')) await engineRows(rows, name);
	const { packDir, tarball } = packProject(ROOT);
	const real = {};
	try {
		process.stdout.write('In a real n8n 2.41.1 (`n8n execute`, the packed node):\n');
		if (wanted('real')) real.zero = await realN8nRows(tarball, [1000, 10_000]);
		if (wanted('real-100'))
			real.latency = await realN8nRows(tarball, [1000], {
				latencyMs: 100,
				kinds: ['http', 'signed', 'batched', 'ours'],
			});
		process.stdout.write(`The soak in a real n8n 2.41.1 (\`n8n start\`, ${SOAK_SECONDS} s each):\n`);
		if (wanted('soak')) real.soak = await soakRows(REAL_N8N, tarball);
		process.stdout.write('Memory per waiting execution in a real n8n 2.41.1:\n');
		if (wanted('waiting')) real.waiting = await waitingMemory(REAL_N8N, tarball);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	if (ONLY) return;
	const report = render(rows, real);
	fs.writeFileSync(path.join(ROOT, 'docs/benchmarks.md'), report);
	process.stdout.write(`\n${report}\nWritten to docs/benchmarks.md\n`);
}

async function engineRows(rows, name) {
	process.stdout.write('In the engine (each run its own process):\n');
	// At 0 ms beside the HTTP Request node set up as ours ('alike'): the same work for n8n's engine.
	for (const [key, items, latencyMs, kinds] of [
		['1k-0', 1000, 0, ['http', 'alike', 'ours']],
		['1k-100', 1000, 100, ['http', 'ours']],
		['10k', 10_000, 0, ['http', 'alike', 'ours']],
	]) {
		const measured = await alternating(
			async (kind) =>
				await engine(`${items.toLocaleString('en')} items, ${latencyMs} ms: ${name(kind)}`, kind, items, {
					latencyMs,
				}),
			kinds,
		);
		for (const kind of kinds) rows[`${kind}-${key}`] = measured[kind];
	}
	for (const kind of ['http', 'ours']) {
		rows[`${kind}-rl`] = await engine(`300 items, API limited to 10/s: ${name(kind)}`, kind, 300, {
			rateLimit: '10/1000',
		});
	}
	rows['ours-rl-20'] = await engine(
		'20 executions × 15 items at once, API limited to 10/s: ContactSwing node',
		'ours',
		15,
		{ rateLimit: '10/1000' },
		20,
	);
	rows['ours-return-all'] = await require('./return-all').returnAllRow();
}

/**
 * Where the node time of the 100 ms rows goes, by the double's clock: n8n's work on the items before
 * the first request, then the requests. 1,000 requests at most 100 in flight (Parallel Requests'
 * ceiling) need 10 round trips of 100 ms; the HTTP Request node with a literal header has all 1,000
 * in flight at once. What ours would need to come within 1.2× that row: the requests in what is left
 * of 1.2× its node time after ours' first request.
 */
function latencyBreakdown({ 'http-1000': http, 'signed-1000': signed, 'batched-1000': batched, 'ours-1000': ours }) {
	const floorMs = ours.firstRequestMs + (1000 / 100) * 100;
	const leftMs = 1.2 * http.nodeMs - ours.firstRequestMs;
	const inFlightNeeded =
		leftMs > 0
			? `at least ${fmt((1000 * 100) / leftMs, 0)} in flight`
			: 'less time than it spends before its first request';
	return [
		`At 100 ms, the median runs by the double's clock. The HTTP Request node with a literal Authorization header sent its first request ${s(http.firstRequestMs)} into its node time (n8n evaluating the items), and its 1,000 requests, up to ${http.inFlightPeak} in flight at once, took ${s(http.requestsMs)}. The ContactSwing node sent its first after ${s(ours.firstRequestMs)} (every item is checked before any is sent), and its requests took ${s(ours.requestsMs)}, at most ${ours.inFlightPeak} in flight (Parallel Requests' ceiling is 100): 10 round trips, 1 s, are their floor. Its node time can then not go under ${s(floorMs)}, ${fmt(floorMs / http.nodeMs)}× the literal-header row's; it took ${fmt(ours.nodeMs / floorMs)}× that floor. To come within 1.2× that row it would need its 1,000 requests done in ${s(leftMs)} after its first: ${inFlightNeeded}, past Parallel Requests' ceiling, or sending before every item is checked.`,
		'',
		`Signed by the ContactSwing credential (Authentication → Predefined Credential Type, as a builder sets it up for ContactSwing), the HTTP Request node sends each request as it evaluates its item (first after ${s(signed.firstRequestMs)}): for every request n8n reads the credential from its database, decrypts it and has it sign the request, and its requests took ${s(signed.requestsMs)} with at most ${signed.inFlightPeak} in flight. The ContactSwing node reads its credential once an execution and has n8n only call the credential's signing function. Batching at 100 items per batch with an interval of 0 changes nothing (the HTTP Request node waits between batches only when the interval is over 0, and never for a batch's answers): ${s(batched.nodeMs)}, at most ${batched.inFlightPeak} in flight.`,
	].join('\n');
}

/**
 * Why the 0 ms rows beside the one-expression HTTP Request node differ: n8n's expressions, counted
 * and priced from the rows themselves.
 */
function expressionNote(rows, real) {
	const ratio = (ours, other) => fmt(ours.nodeMs / other.nodeMs);
	// In the engine, 'alike' is 'http' with three body fields for its one JSON body (two expressions more an
	// item), signed by the credential's function: the difference, the signing and the body's assembly in it too.
	const perExpressionUs = ((rows['alike-10k'].nodeMs - rows['http-10k'].nodeMs) / (2 * 10_000)) * 1000;
	// In a real n8n, 'fields' is 'http' with the same three body fields and the same literal header.
	const realFieldsOverMs = real['fields-10000'].nodeMs - real['http-10000'].nodeMs;
	return [
		"n8n evaluates each expression of a node's parameters on its own, item by item. The HTTP Request node with its body as one JSON expression has n8n evaluate one an item; the ContactSwing node three: its three mapped fields (Name, Instructions, Phone Number ID; each API field is a parameter of its own). The credential signs each request with a function, which n8n calls for every request of a node that signs through `httpRequestWithAuthentication`, as a verified node must (n8n's lint rule `no-http-request-with-manual-auth`); it evaluates no expression.",
		`Set up to do the same, with the ContactSwing credential and the three values mapped as body fields, the HTTP Request node takes ${s(rows['alike-10k'].nodeMs)} at 10,000 items in the engine, and ours ${ratio(rows['ours-10k'], rows['alike-10k'])}× that (${ratio(rows['ours-1k-0'], rows['alike-1k-0'])}× at 1,000); its ${fmt((rows['alike-10k'].nodeMs - rows['http-10k'].nodeMs) / 1000)} s over the one-expression row are two more expressions an item (three body fields for one JSON body) with the credential's signing and the body built from fields: about ${fmt(perExpressionUs, 0)} µs an expression.`,
		`In a real n8n 2.41.1 the body fields with a literal header take ${fmt(realFieldsOverMs / 1000)} s over the one-expression row at 10,000 items, the same two more expressions an item: about ${fmt((realFieldsOverMs / (2 * 10_000)) * 1000, 0)} µs each. The HTTP Request node signed by a credential also reads the credential from n8n's database for every request (ours reads it once an execution): set up as ours it takes ${ratio(real['alike-10000'], real['http-10000'])}× its one-expression row at 10,000 items, so the real target is set beside the body fields with a literal header, the same field work and as many expressions as ours: ours ${ratio(real['ours-10000'], real['fields-10000'])}× it at 10,000 items, ${ratio(real['ours-1000'], real['fields-1000'])}× at 1,000. "Values typed in" is the same create with nothing for n8n to evaluate: the node's own cost, ${ratio(real['fixed-10000'], real['http-10000'])}× the one-expression row at 10,000 items.`,
	].join('\n\n');
}

function render(rows, { zero: real, latency, soak, waiting }) {
	const versions = {
		node: process.version,
		'n8n-core (engine)': require(path.join(ROOT, 'node_modules/n8n-core/package.json')).version,
		'n8n (real)': require(path.join(REAL_N8N.dir, 'node_modules/n8n/package.json')).version,
		'n8n-nodes-contactswing': require(path.join(ROOT, 'package.json')).version,
	};
	const cpu = os.cpus();
	const ratio = (ours, http) => ours.nodeMs / http.nodeMs;
	const floorOf = (items, perSecond) => (items / perSecond) * 1000;
	const line = (r) =>
		`| ${r.label} | ${s(r.nodeMs)}${r.runsMs ? ` (runs: ${r.runsMs.map((ms) => fmt(ms / 1000)).join(', ')})` : ''} | ${r.rssBeforeMb ? `${fmt(r.peakRssMb, 0)} MB` : '–'} | ${r.created} | ${r.failed} | ${r.rateLimited} |`;
	const targets = [
		[
			'1,000 items, 100 ms, engine: node time ≤ 1.5× the HTTP Request node (a literal header, all 1,000 in flight at once: below our floor, as in the note under the real rows)',
			ratio(rows['ours-1k-100'], rows['http-1k-100']),
			1.5,
		],
		// At 0 ms beside the HTTP Request node doing the same work for n8n (see the note under the real rows),
		...[
			['1,000', '1k-0'],
			['10,000', '10k'],
		].map(([items, key]) => [
			`${items} items, 0 ms, engine: node time ≤ 1.15× HTTP Request set up as ours (the ContactSwing credential, the values mapped as body fields)`,
			ratio(rows[`ours-${key}`], rows[`alike-${key}`]),
			1.15,
		]),
		...[1000, 10_000].map((items) => [
			`${items.toLocaleString('en')} items, 0 ms, real n8n: node time ≤ 1.15× HTTP Request with the same values mapped as body fields`,
			ratio(real[`ours-${items}`], real[`fields-${items}`]),
			1.15,
		]),
		// and beside its one JSON expression, as issue 29 set them: n8n evaluates three expressions an item for ours.
		...[
			['1,000', 'engine', rows['ours-1k-0'], rows['http-1k-0']],
			['10,000', 'engine', rows['ours-10k'], rows['http-10k']],
			['1,000', 'real n8n', real['ours-1000'], real['http-1000']],
			['10,000', 'real n8n', real['ours-10000'], real['http-10000']],
		].map(([items, where, ours, http]) => [
			`${items} items, 0 ms, ${where}: node time ≤ 1.15× HTTP Request with its body as one JSON expression (see the note under the real rows)`,
			ratio(ours, http),
			1.15,
		]),
		// Against the HTTP Request node as a builder sets it up for ContactSwing, and the literal header's row.
		...[
			['signed', 'signed by the ContactSwing credential'],
			['batched', 'signed by the ContactSwing credential, batches of 100'],
			['http', 'with a literal Authorization header (below its floor: see the note under the table)'],
		].map(([kind, setUp]) => [
			`1,000 items, 100 ms, real n8n: node time ≤ 1.2× HTTP Request ${setUp}`,
			ratio(latency['ours-1000'], latency[`${kind}-1000`]),
			1.2,
		]),
		[
			'the soak, real n8n: webhook calls not answered within Max Rate Limit Wait + Timeout + 5 s',
			soak.ours.calls - soak.ours.answeredInBudget,
			0,
		],
		// In 60 s n8n's heap still warms up: the HTTP Request node's own RSS grew 133–203 MB over the last two thirds.
		[
			"the soak, real n8n: RSS growth over the last two thirds ≤ the HTTP Request node's + 60 MB",
			soak.ours.growthMb - soak.http.growthMb,
			60,
		],
		[
			"the soak, real n8n: peak memory ≤ 1.5× the HTTP Request node's",
			soak.ours.rssMb.peak / soak.http.rssMb.peak,
			1.5,
		],
		[
			"a waiting execution: memory ≤ 2× a Wait node's (ours adds less than n8n holds)",
			waiting.ours.perExecutionMb / waiting.wait.perExecutionMb,
			2,
		],
		['300 items at 10/s: time ≤ 1.10× the 30 s floor', rows['ours-rl'].nodeMs / floorOf(300, 10), 1.1],
		['300 items at 10/s: at most 30 answers of 429', rows['ours-rl'].rateLimited, 30],
		['300 items at 10/s: 0 failed', rows['ours-rl'].failed, 0],
		[
			'20 executions × 15 items at 10/s: time ≤ 1.15× the 30 s floor',
			rows['ours-rl-20'].wallMs / floorOf(300, 10),
			1.15,
		],
		['20 executions × 15 items at 10/s: at most 30 answers of 429', rows['ours-rl-20'].rateLimited, 30],
		['20 executions × 15 items at 10/s: 0 failed', rows['ours-rl-20'].failed, 0],
		[
			"10,000 items, engine: peak RSS ≤ the HTTP Request node's (set up as ours)",
			rows['ours-10k'].peakRssMb / rows['alike-10k'].peakRssMb,
			1,
		],
	];
	return [
		"# Benchmarks: ContactSwing node vs n8n's HTTP Request node",
		'',
		'Made by `npm run bench` (`bench/run.js`): the same workload, with **default settings**, once with this node',
		"and once with n8n's HTTP Request node (v4.2) making the identical `POST /v2/_new_assistants`, against the",
		'local API double (`test/double/server.js`, its own process, on 127.0.0.1) with the latency and rate limit',
		"given: in n8n's engine (n8n-core's `WorkflowExecute`, each run its own process, so CPU time and peak RSS",
		"are that run's), and in a real n8n with the packed package (`n8n execute`). **Node time** is the node's",
		'own `executionTime` from the run data. **Failed** is, for every row, an input item the node did not return',
		'as a created agent; **created** and **429s** are counted by the double. Rows beside the HTTP Request node',
		`run ${REPEATS} times, alternating with it, and show the median (every run in brackets); the rate-limited rows run once.`,
		'',
		`Machine: ${cpu.length} × ${cpu[0].model}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}.`,
		`Versions: ${Object.entries(versions)
			.map(([name, version]) => `${name} ${version}`)
			.join(', ')}. Date: ${new Date().toISOString().slice(0, 10)}.`,
		'',
		'## Targets',
		'',
		'| target | measured | |',
		'|---|---|---|',
		...targets.map(
			([name, value, bound]) =>
				`| ${name} | ${Number.isInteger(value) ? value : `${fmt(value)}${name.includes(' MB') ? ' MB' : '×'}`} | ${value <= bound ? 'met' : '**missed**'} |`,
		),
		'',
		'## In the engine',
		'',
		'| run | node time | peak RSS | created | failed | 429s |',
		'|---|---|---|---|---|---|',
		...Object.values(rows).map(line),
		'',
		`The 20 executions run side by side in one process; their wall time from the first start to the last end was ${s(rows['ours-rl-20'].wallMs)}.`,
		'',
		'## In a real n8n 2.41.1',
		'',
		'| run | node time | peak RSS | created | failed | 429s |',
		'|---|---|---|---|---|---|',
		...Object.values(real).map(line),
		...Object.values(latency).map(line),
		'',
		latencyBreakdown(latency),
		'',
		expressionNote(rows, real),
		'',
		'## The soak in a real n8n 2.41.1',
		'',
		`\`n8n start\` (executions not saved), a webhook call every 150 ms with 1 to 10 items over three accounts (about 37 creates a second offered), for ${SOAK_SECONDS} s; each account's workflow is Webhook → Split Out → the node (Continue On Fail, Timeout 2 s, the other options at their defaults), each node in a fresh n8n. The double answers the busy mix (\`test/double/mix.js\`): 88 % created in 20–80 ms, 5 % 429 with \`Retry-After: 1\`, 3 % 500, 2 % 400, 1 % three seconds late, 1 % connection reset. A call's budget is Max Rate Limit Wait + Timeout + 5 s (the HTTP Request node waits out no 429: 7 s). \`E2E_SCENARIOS=soak npm run test:e2e\` checks the same load on both n8n lines, 30 s a phase, in CI too (\`E2E_SOAK_MINUTES\` for the long run).`,
		'',
		'| run | calls answered in budget | slowest | in flight when the load stopped | created / offered | 429s | RSS start / third / end / peak | growth, last two thirds |',
		'|---|---|---|---|---|---|---|---|',
		...[
			['HTTP Request node', soak.http],
			['ContactSwing node', soak.ours],
		].map(
			([name, f]) =>
				`| ${name} | ${f.answeredInBudget} of ${f.calls} | ${Number.isFinite(f.slowestMs) ? s(f.slowestMs) : 'never'} | ${f.unansweredAtEnd} | ${f.created} of ${f.offered} (${fmt((100 * f.created) / f.offered, 1)} %) | ${f.answered429} | ${[f.rssMb.start, f.rssMb.third, f.rssMb.end, f.rssMb.peak].map((mb) => fmt(mb, 0)).join(' / ')} MB${f.capped ? ' (load stopped at the 3,000 MB cap)' : ''} | ${fmt(f.growthMb, 0)} MB |`,
		),
		'',
		'## Memory per waiting execution in a real n8n 2.41.1',
		'',
		`${WAITING} webhook executions of one item each (answered at once), all waiting: held by the ContactSwing node (the account answered 429 with \`Retry-After: 60\` to the first one, so every other waits for the hold, within Max Rate Limit Wait) or by a plain Wait node (60 s; under 65 s n8n keeps a waiting execution in memory). n8n's RSS just before the ${WAITING}, the highest over 10 s while they wait, and the difference per execution.`,
		'',
		'| waiting in | RSS before | RSS with them waiting | per execution |',
		'|---|---|---|---|',
		...[
			['a Wait node', waiting.wait],
			['the ContactSwing node', waiting.ours],
		].map(
			([name, w]) => `| ${name} | ${fmt(w.beforeMb, 0)} MB | ${fmt(w.afterMb, 0)} MB | ${fmt(w.perExecutionMb)} MB |`,
		),
		'',
	].join('\n');
}

main().catch(async (error) => {
	process.stderr.write(`${error.stack}\n`);
	await Promise.all([...children].map(stopChild));
	process.exit(1);
});
