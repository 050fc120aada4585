'use strict';
/**
 * The soak of issue 32 in a real `n8n start`: a webhook call every 150 ms, each with 1 to 10 items
 * (seeded), spread over three ContactSwing accounts, each an API double of its own with its own
 * token. Each account's workflow is Webhook → Split Out → the node under test, Continue On Fail,
 * Timeout 2 s: the ContactSwing node's Create, or n8n's HTTP Request node making the same POST.
 * A phase sends that load for its length while n8n's RSS is read every second, then gives every
 * call its budget to be answered, and sums up what happened. Shared by the end-to-end scenario
 * (e2e/scenarios/soak.js) and the benchmark's soak row (bench/run.js).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { benchItem, nodeUnderTest } = require('../bench/workload');
const { answerMix, seeded } = require('../test/double/mix');
const { createContactSwingDouble } = require('../test/double/server');
const { waitFor } = require('./wait');

const ACCOUNTS = 3;
const CALL_EVERY_MS = 150;
const MAX_ITEMS = 10;
const TIMEOUT_S = 2;
/** A webhook call must be answered within Max Rate Limit Wait + Timeout + this much. */
const SLACK_S = 5;
/** n8n's RSS past which a phase stops sending: a collapse shows long before, and the machine is shared. */
const RSS_CAP_MB = 3000;
const CREATE_PATH = '/v2/_new_assistants';

/** The three accounts: a double each, on 127.0.0.1, with a token of its own (JWT-like, random). */
async function startAccounts(name, count = ACCOUNTS) {
	return await Promise.all(
		Array.from({ length: count }, async (_, i) => {
			const token = `eyJ${crypto.randomBytes(12).toString('hex')}.soak-${i}.${crypto.randomBytes(12).toString('hex')}`;
			const double = await createContactSwingDouble({ token }).start();
			return { double, token, credential: { id: `cs-${name}-${i}`, name: `ContactSwing ${name} ${i}` } };
		}),
	);
}

const stopAccounts = async (accounts) => await Promise.all(accounts.map(({ double }) => double.stop()));

const SPLIT_OUT = {
	name: 'Split Out',
	type: 'n8n-nodes-base.splitOut',
	typeVersion: 1,
	parameters: { fieldToSplitOut: 'body.items', options: {} },
};

/**
 * A workflow to import: a Webhook on POST /webhook/<webhookPath>, answering `responseMode`
 * ('lastNode': with every output item once the last node has run; 'onReceived': at once), then
 * Split Out of the body's `items`, then `last` ({ name, type, typeVersion, parameters, … }).
 */
function webhookWorkflow(id, webhookPath, responseMode, last) {
	const chain = [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode, responseData: 'allEntries', options: {} },
			webhookId: `${id}-hook`,
		},
		SPLIT_OUT,
		last,
	];
	return {
		id,
		name: `Soak: ${webhookPath}`,
		nodes: chain.map((node, i) => ({ id: `${id}-${i}`, position: [200 * i, 0], ...node })),
		connections: Object.fromEntries(
			chain
				.slice(0, -1)
				.map((node, i) => [node.name, { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] }]),
		),
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** The soak's workflow: the node under test, On Error → Continue, Timeout 2 s; `options`: ours beside it. */
function soakWorkflow(id, webhookPath, kind, account, options = {}) {
	const { type, typeVersion, parameters } = nodeUnderTest(kind, account.double.url, account.token);
	parameters.options = kind === 'ours' ? { timeout: TIMEOUT_S, ...options } : { timeout: TIMEOUT_S * 1000 };
	return webhookWorkflow(id, webhookPath, 'lastNode', {
		name: 'Under Test',
		type,
		typeVersion,
		parameters,
		onError: 'continueRegularOutput',
		...(kind === 'ours' ? { credentials: { contactSwingApi: account.credential } } : {}),
	});
}

/** One workflow per account for `kind`, on the webhook paths `soak-<kind>-<account>`. */
function soakWorkflows(kind, accounts, options) {
	return accounts.map((account, i) => soakWorkflow(`soak${kind}${i}`, `soak-${kind}-${i}`, kind, account, options));
}

/**
 * Imports the accounts' credentials and the workflows into an n8n user folder and makes them
 * active: `run(args)` runs an n8n CLI command there, `activate(id)` gives the host's arguments.
 */
async function importSoak(run, folder, activate, accounts, workflows) {
	const file = (name, data) => {
		const target = path.join(folder, name);
		fs.writeFileSync(target, JSON.stringify(data));
		return target;
	};
	const credentials = accounts.map(({ double, token, credential }) => ({
		...credential,
		type: 'contactSwingApi',
		data: { token, baseUrl: double.url },
	}));
	for (const args of [
		['import:credentials', `--input=${file('soak-credentials.json', credentials)}`],
		['import:workflow', `--input=${file('soak-workflows.json', workflows)}`],
		...workflows.map(({ id }) => activate(id)),
	]) {
		const { status, stderr } = await run(args);
		if (status !== 0) throw new Error(`n8n ${args[0]} failed: ${stderr.slice(-1500)}`);
	}
}

/** n8n's resident memory in MB, from /proc. */
function rssMb(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]) / 1024;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Calls a webhook with these items; the record keeps when it was answered, how, and the output items. */
function call(base, webhookPath, items, started) {
	const record = { webhookPath, items: items.length, sentMs: Date.now() - started };
	record.done = fetch(`${base}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
	})
		.then(async (response) => {
			const text = await response.text();
			record.status = response.status;
			record.output = response.ok ? JSON.parse(text) : [];
		})
		.catch((error) => {
			record.error = error.message;
			record.output = [];
		})
		.finally(() => (record.answeredMs = Date.now() - started));
	return record;
}

/**
 * One phase: each account's double set to answer `mix` (test/double/mix.js, seeded) and, with
 * `rateLimit`, to refuse past it; the load sent to `paths` (one webhook path per account) for
 * `seconds`; then every call is given `budgetS` to be answered. Returns the figures.
 */
async function runPhase({ server, accounts, paths, name, mix, rateLimit, seconds, budgetS, seed }) {
	accounts.forEach(({ double }, i) => {
		double.reset();
		double.configure({ rateLimit });
		double.failWhen((request) => request.path === CREATE_PATH, { respond: answerMix(mix, seed + i) });
	});
	const random = seeded(seed);
	const started = Date.now();
	const calls = [];
	const rss = [{ atS: 0, mb: rssMb(server.pid) }];
	let capped = false;
	await new Promise((resolve) => {
		const sample = setInterval(() => {
			const mb = rssMb(server.pid);
			rss.push({ atS: (Date.now() - started) / 1000, mb });
			capped ||= mb > RSS_CAP_MB;
		}, 1000);
		const send = () => {
			if (capped || Date.now() - started >= seconds * 1000) {
				clearInterval(sample);
				clearInterval(load);
				return resolve();
			}
			const n = calls.length;
			const items = Array.from({ length: 1 + Math.floor(random() * MAX_ITEMS) }, (_, i) =>
				benchItem(`${name}-${n}`, i),
			);
			calls.push(call(server.base, paths[n % paths.length], items, started));
		};
		const load = setInterval(send, CALL_EVERY_MS);
		send();
	});
	const loadMs = Date.now() - started;
	const unansweredAtEnd = calls.filter((c) => c.answeredMs === undefined).length;
	const budgetMs = budgetS * 1000;
	// Every call gets its whole budget to be answered; past it, it counts as not answered in time.
	await waitFor(
		`every webhook call answered, or past its budget of ${budgetS} s`,
		() => calls.every((c) => c.answeredMs !== undefined || Date.now() - started - c.sentMs > budgetMs),
		{ timeoutMs: budgetMs + 10_000, everyMs: 500, seen: () => calls.filter((c) => !c.answeredMs).length },
	);
	return figures({ calls, rss, accounts, name, started, loadMs, unansweredAtEnd, budgetMs, capped });
}

/** What a phase shows: calls, items, memory. */
function figures({ calls, rss, accounts, name, started, loadMs, unansweredAtEnd, budgetMs, capped }) {
	const tookMs = (c) => (c.answeredMs === undefined ? Infinity : c.answeredMs - c.sentMs);
	const outputs = calls.flatMap((c) => c.output ?? []);
	const failures = {};
	for (const item of outputs.filter((output) => output.error !== undefined)) {
		// Grouped by their words: every number is N (a number inside a word, as in n8n, stays).
		const message = String(item.error.message ?? item.error).replace(/\b\d+(\.\d+)?\b/g, 'N');
		failures[message] = (failures[message] ?? 0) + 1;
	}
	const itemName = new RegExp(`^Agent ${name}-(\\d+)-\\d+$`);
	const requests = accounts
		.flatMap(({ double }) => double.state.requests)
		.filter((r) => r.path === CREATE_PATH && itemName.test(r.body?.name));
	// When each create reached the API after its webhook call (items are named `Agent <phase>-<call>-<item>`).
	const callOf = (r) => calls[Number(itemName.exec(r.body.name)[1])];
	for (const r of requests) r.afterCallMs = r.receivedAt - started - callOf(r).sentMs;
	const longestSendWaitMs = requests.reduce((longest, r) => Math.max(longest, r.afterCallMs), 0);
	const sendsOf = new Map();
	for (const { body, status, afterCallMs } of requests)
		sendsOf.set(body.name, [...(sendsOf.get(body.name) ?? []), { status, afterCallMs }]);
	// Calls still waiting when the load stopped that never sent a create afterwards: held only to fail.
	const sentLater = new Set(requests.filter((r) => r.receivedAt - started > loadMs).map(callOf));
	const heldForNothing = calls.filter((c) => !(c.answeredMs <= loadMs) && !sentLater.has(c)).length;
	const third = rss.filter((s) => s.atS >= loadMs / 3000);
	const around = (samples) => median(samples.slice(0, 5).map((s) => s.mb));
	return {
		name,
		loadS: loadMs / 1000,
		capped,
		calls: calls.length,
		answered: calls.filter((c) => c.status === 200).length,
		answeredInBudget: calls.filter((c) => c.status === 200 && tookMs(c) <= budgetMs).length,
		slowestMs: Math.max(...calls.map(tookMs)),
		unansweredAtEnd,
		offered: calls.reduce((sum, c) => sum + c.items, 0),
		outputItems: outputs.length,
		created: outputs.filter((item) => item.assistant_id ?? item.data?.assistant_id).length,
		carriedOut: accounts.reduce(
			(sum, { double }) => sum + double.state.assistants.filter((a) => a.name.startsWith(`Agent ${name}-`)).length,
			0,
		),
		sent: requests.length,
		answered429: requests.filter((r) => r.status === 429).length,
		longestSendWaitMs,
		failures,
		rssMb: {
			start: rss[0].mb,
			third: around(third),
			end: median(rss.slice(-5).map((s) => s.mb)),
			peak: Math.max(...rss.map((s) => s.mb)),
		},
		// Over the last two thirds: the last 5 seconds' median against the 5 seconds' from the third on.
		growthMb: median(rss.slice(-5).map((s) => s.mb)) - around(third),
		heldForNothing,
		// Each failed item, with what the API answered its creates and when they came after its call.
		failedItems: calls.flatMap((c, n) =>
			(c.output ?? []).flatMap((item, i) =>
				item.error === undefined
					? []
					: [{ error: String(item.error), sends: sendsOf.get(`Agent ${name}-${n}-${i}`) ?? [] }],
			),
		),
	};
}

/** One line of a phase's figures, for the log and the record. */
function describe(f) {
	const mb = (n) => Math.round(n);
	return (
		`${f.name}: ${f.calls} calls over ${f.loadS.toFixed(0)} s${f.capped ? ` (stopped at ${RSS_CAP_MB} MB)` : ''}, ` +
		`${f.answered} answered (${f.answeredInBudget} in budget, slowest ${Number.isFinite(f.slowestMs) ? `${(f.slowestMs / 1000).toFixed(1)} s` : 'never'}), ` +
		`${f.unansweredAtEnd} in flight at the end of the load (${f.heldForNothing} of them sent nothing after it); ${f.offered} items offered, ${f.created} created ` +
		`(${((100 * f.created) / f.offered).toFixed(1)} %; the server carried out ${f.carriedOut}), ${f.sent} sent, ` +
		`${f.answered429} answered 429, the longest from a call to its create ${(f.longestSendWaitMs / 1000).toFixed(1)} s; RSS ${mb(f.rssMb.start)} / ${mb(f.rssMb.third)} / ${mb(f.rssMb.end)} MB ` +
		`(start / third / end), peak ${mb(f.rssMb.peak)} MB, growth over the last two thirds ${mb(f.growthMb)} MB; ` +
		`failures: ${JSON.stringify(f.failures)}`
	);
}

module.exports = {
	CALL_EVERY_MS,
	SLACK_S,
	TIMEOUT_S,
	describe,
	importSoak,
	rssMb,
	runPhase,
	soakWorkflow,
	soakWorkflows,
	webhookWorkflow,
	startAccounts,
	stopAccounts,
};
