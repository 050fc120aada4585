'use strict';
/**
 * n8n's distributed engine: queue mode. Redis (Debian's redis-server) queues the executions,
 * PostgreSQL (Debian's postgresql) holds the shared state, one `n8n start` takes the webhooks and
 * two `n8n worker` processes run the executions. Each process has its own user folder with the
 * packed package installed, as on separate machines.
 *
 * The CRM example, active, gets 200 "customer created" events, 20 at a time, against an API double
 * with 50 ms latency and a limit of 20 requests a second, timed against the same load without the
 * limit just before. Then another burst, during which one worker is killed with SIGKILL while it
 * runs executions. Every process started here is stopped
 * by its PID (its process group), on failure too.
 */
const { execFile, execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const { freePort, n8n: runN8n, prepareUserFolder, spawnN8n, startN8n, stopChild, waitForWebhook } = require('../n8n');
const { waitFor } = require('../wait');
const { exampleAsIs, webhookPathOf } = require('../workflows');

const execFileAsync = promisify(execFile);

/** Per worker: each execution waits on ContactSwing (I/O), so 10 each, 20 in all, match the 20-wide bursts. */
const WORKER_CONCURRENCY = 10;
const WORKFLOW = 'e2eQueueCrm0001';
const WEBHOOK_PATH = webhookPathOf('crm-webhook-whatsapp-agent.json');
const BURST = { events: 200, parallel: 20 };
const CRASH_BURST = { events: 60, parallel: 20 };
const API = { latencyMs: 50, rateLimit: { limit: 20, windowMs: 1000 } };

/** Runs `command` as the `postgres` user when we are root: PostgreSQL refuses to run as root. */
function asPostgres(command, args) {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function pgBin(name) {
	const [version] = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
	return `/usr/lib/postgresql/${version}/bin/${name}`;
}

/** n8n stores execution data with flatted; its own copy reads it. */
function parseExecutionData(host, data) {
	return require(path.join(host.dir, 'node_modules/flatted')).parse(data);
}

async function queueMode({ host, tarball, double, record, assert, equal, JWT, folders }, logs) {
	const missing = ['redis-server', 'pg_ctl'].filter((tool) => {
		try {
			execFileSync(tool === 'pg_ctl' ? pgBin(tool) : 'which', tool === 'pg_ctl' ? ['--version'] : [tool], {
				stdio: 'ignore',
			});
			return false;
		} catch {
			return true;
		}
	});
	if (missing.length) {
		record('queue mode: Redis and PostgreSQL are installed', () => {
			throw new Error(
				`missing ${missing.join(', ')}: apt-get install redis-server postgresql (or E2E_QUEUE=off to skip queue mode)`,
			);
		});
		return;
	}
	const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'contactswing-queue-'));
	const services = [];
	const workers = [];
	const started = Date.now();
	try {
		// Redis, on a free loopback port, nothing persisted.
		const redisPort = await freePort();
		const redis = spawn(
			'redis-server',
			['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', temp],
			{
				stdio: 'ignore',
				detached: true,
			},
		);
		services.push(redis);
		await waitFor(
			`Redis on :${redisPort} to accept connections`,
			() =>
				new Promise((resolve) =>
					net
						.connect(redisPort, '127.0.0.1')
						.once('connect', function () {
							this.destroy();
							resolve(true);
						})
						.once('error', () => resolve(false)),
				),
			{ stopIf: () => redis.exitCode !== null && `redis-server exited (${redis.exitCode})` },
		);

		// PostgreSQL, its own data folder, owned by the postgres user.
		const pgData = path.join(temp, 'pg');
		const pgPort = await freePort();
		fs.mkdirSync(pgData);
		if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', temp]);
		execFileSync(
			...asPostgres(pgBin('initdb'), ['-D', pgData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']),
			{ stdio: 'ignore' },
		);
		const postgres = spawn(
			...asPostgres(pgBin('postgres'), [
				'-D',
				pgData,
				'-p',
				String(pgPort),
				'-h',
				'127.0.0.1',
				'-k',
				temp,
				'-c',
				'fsync=off',
				'-c',
				'synchronous_commit=off',
				'-c',
				'full_page_writes=off',
			]),
			{ stdio: 'ignore', detached: true },
		);
		services.push(postgres);
		await waitFor(
			`PostgreSQL on :${pgPort} to accept connections (pg_isready)`,
			async () => {
				await execFileAsync(pgBin('pg_isready'), ['-h', '127.0.0.1', '-p', String(pgPort)]);
				return true;
			},
			{ stopIf: () => postgres.exitCode !== null && `postgres exited (${postgres.exitCode})` },
		);
		execFileSync(
			pgBin('psql'),
			['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'postgres', '-c', 'CREATE DATABASE n8n'],
			{ stdio: 'ignore' },
		);

		const env = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			// A dead worker's jobs are noticed within ~30 s instead of n8n's default ~90 s; shorter
			// locks let a busy (not dead) worker's jobs look stalled on this 2-core machine.
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
		};

		// The main: the credential and the workflow go into PostgreSQL, the workflow is published.
		const mainFolder = prepareUserFolder(tarball);
		folders.push(mainFolder);
		fs.writeFileSync(
			path.join(mainFolder, 'credentials.json'),
			JSON.stringify([
				{ id: 'cs-e2e', name: 'ContactSwing e2e', type: 'contactSwingApi', data: { token: JWT, baseUrl: double.url } },
			]),
		);
		fs.writeFileSync(
			path.join(mainFolder, 'workflow.json'),
			JSON.stringify(exampleAsIs('crm-webhook-whatsapp-agent.json', WORKFLOW)),
		);
		for (const args of [
			['import:credentials', `--input=${path.join(mainFolder, 'credentials.json')}`],
			['import:workflow', `--input=${path.join(mainFolder, 'workflow.json')}`],
			host.activate(WORKFLOW),
		]) {
			const result = await runN8n(host, mainFolder, logs, args, env);
			assert(result.status === 0, `n8n ${args[0]} failed: ${result.stderr.slice(-1500)}`);
		}
		for (const name of ['worker-1', 'worker-2']) {
			const folder = prepareUserFolder(tarball);
			folders.push(folder);
			const worker = {
				name,
				folder,
				process: await spawnN8n(host, folder, ['worker', `--concurrency=${WORKER_CONCURRENCY}`], env),
			};
			workers.push(worker);
			services.push(worker.process.child);
		}
		const main = await startN8n(host, mainFolder, logs, env);
		services.push(main);
		await Promise.all(
			workers.map((worker) =>
				waitFor(
					`${worker.name} to report ready in its log ("n8n worker is now ready")`,
					() => /Worker ready|n8n worker is now ready/i.test(worker.process.output()),
					{
						timeoutMs: 120_000,
						stopIf: () =>
							worker.process.child.exitCode !== null && `${worker.name} exited (${worker.process.child.exitCode})`,
						seen: () => worker.process.output().slice(-1500),
					},
				),
			),
		);
		// Ready is not registered: wait for the active workflow's production webhook itself.
		await waitForWebhook(main.base, WEBHOOK_PATH);
		process.stdout.write(
			`    queue mode up in ${Math.round((Date.now() - started) / 1000)} s: Redis :${redisPort}, PostgreSQL :${pgPort}, main :${new URL(main.base).port}, 2 workers × ${WORKER_CONCURRENCY}\n`,
		);

		const deliver = async (id) => {
			const response = await fetch(`${main.base}/webhook/${WEBHOOK_PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					event: 'customer.created',
					customer: {
						id,
						company: `Queue ${id}`,
						owner: 'Ada',
						whatsapp_phone_number_id: '650175178190172',
						contactswing_action_ids: 'act-001',
					},
				}),
			});
			assert(response.ok, `webhook answered ${response.status}`);
		};
		const burst = async (ids, parallel) => {
			let next = 0;
			await Promise.all(
				Array.from({ length: parallel }, async () => {
					while (next < ids.length) await deliver(ids[next++]);
				}),
			);
		};
		/** Every execution of the workflow, from PostgreSQL itself (asynchronously: the double shares this process). */
		const executions = async () => {
			const sql = `SELECT id, status FROM execution_entity WHERE "workflowId" = '${WORKFLOW}' ORDER BY id`;
			const { stdout } = await execFileAsync(pgBin('psql'), [
				'-h',
				'127.0.0.1',
				'-p',
				String(pgPort),
				'-U',
				'postgres',
				'-d',
				'n8n',
				'-At',
				'-F',
				' ',
				'-c',
				sql,
			]);
			return stdout
				.split('\n')
				.filter(Boolean)
				.map((line) => {
					const [id, status] = line.split(' ');
					return { id, status };
				});
		};
		const settled = (list) => list.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		const ranBy = (worker) =>
			new Set([...worker.process.output().matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]));

		// 0. One event alone first. Remove Duplicates creates its history row in PostgreSQL on its
		// first run; two first runs at once can collide on that row (seen in CI: one of 200
		// executions failed with a duplicate key on processed_data), so the row exists before the load.
		await deliver('cus_first');
		const [first] = await waitFor('the execution of the first event to settle', async () => {
			const list = settled(await executions());
			return list.length >= 1 && list;
		});
		/** The executions started after execution `id`: those of the next burst. */
		const newerThan = (id) => (list) => list.filter((execution) => Number(execution.id) > Number(id));
		const afterFirst = newerThan(first.id);

		// 1. This machine's own pace right now: the same load against the API without its rate limit.
		// The limited load's wall time is held to it: a fixed multiple of the limit's floor fails
		// whenever the machine is busy, whatever the node does.
		double.reset();
		double.configure({ latencyMs: API.latencyMs });
		const paceStarted = Date.now();
		await burst(
			Array.from({ length: BURST.events }, (_, i) => `cus_p${i}`),
			BURST.parallel,
		);
		const paced = await waitFor(
			`the ${BURST.events} executions of the load without a rate limit to settle`,
			async () => {
				const list = afterFirst(await executions());
				return settled(list).length >= BURST.events && list;
			},
			{ timeoutMs: 120_000 },
		);
		const ownSeconds = (Date.now() - paceStarted) / 1000;
		const afterPace = newerThan(Math.max(...paced.map((execution) => Number(execution.id))));

		// 2. The load: 200 events, 20 at a time, against the API's limit of 20 a second.
		double.reset();
		double.configure(API);
		const ids = Array.from({ length: BURST.events }, (_, i) => `cus_q${i}`);
		const loadStarted = Date.now();
		await burst(ids, BURST.parallel);
		let seen = [];
		const done = await waitFor(
			`the ${BURST.events} executions of the load to settle`,
			async () => {
				seen = afterPace(await executions());
				return settled(seen).length >= BURST.events && seen;
			},
			{ timeoutMs: 120_000 },
		).catch((error) => {
			const statuses = seen.reduce(
				(count, execution) => ({ ...count, [execution.status]: (count[execution.status] ?? 0) + 1 }),
				{},
			);
			const named = new Set(double.state.assistants.map((a) => a.name));
			const missing = ids.filter((id) => !named.has(`Queue ${id} – WhatsApp`));
			throw new Error(
				`${error.message}: ${seen.length} executions, ${JSON.stringify(statuses)}, ${double.state.assistants.length} agents; no agent for ${missing.join(', ')}; errors ${JSON.stringify(seen.filter((e) => e.status !== 'success'))}`,
			);
		});
		const wallSeconds = (Date.now() - loadStarted) / 1000;
		const floorSeconds = BURST.events / API.rateLimit.limit;
		const shares = workers.map((worker) => done.filter((execution) => ranBy(worker).has(String(execution.id))).length);
		process.stdout.write(
			`    queue mode: ${BURST.events} events in ${wallSeconds.toFixed(1)} s (floor ${floorSeconds} s at ${API.rateLimit.limit}/s, ${(wallSeconds / floorSeconds).toFixed(2)}×; ${ownSeconds.toFixed(1)} s without the limit), ${double.state.rateLimited} answers of 429, executions per worker ${shares.join(' / ')}\n`,
		);

		const outputs = await Promise.all(
			done.map(async (execution) => {
				const full = (await main.get(`/rest/executions/${execution.id}`)).data;
				const run = parseExecutionData(host, full.data);
				if (execution.status !== 'success')
					process.stdout.write(
						`    execution ${execution.id} (${execution.status}): ${JSON.stringify(run.resultData.error ?? null).slice(0, 600)}\n`,
					);
				const customer = run.resultData.runData['CRM webhook'][0].data.main[0][0].json.body.customer.id;
				const agent = run.resultData.runData['Create WhatsApp agent']?.[0].data.main[0][0].json;
				return { customer, agent };
			}),
		);
		record(
			`queue mode: ${BURST.events} webhook events, ${BURST.parallel} at a time → ${BURST.events} agents, none twice, each execution with its own customer's agent`,
			() => {
				equal(done.length, BURST.events, 'executions');
				const notSuccessful = done.filter((execution) => execution.status !== 'success');
				equal(
					notSuccessful.map((execution) => `${execution.id}: ${execution.status}`),
					[],
					'executions that did not succeed',
				);
				equal(
					double.state.requests.filter((r) => r.path === '/v2/_new_assistants' && r.status === 201).length,
					BURST.events,
					'creates',
				);
				equal(double.state.assistants.length, BURST.events, 'agents');
				equal(double.duplicateCreates(), [], 'agents created twice');
				equal(double.state.violations, [], 'contract violations');
				const byName = new Map(double.state.assistants.map((a) => [a.name, a.assistant_id]));
				const crossTalk = outputs.filter(
					({ customer, agent }) =>
						!agent || agent.name !== `Queue ${customer} – WhatsApp` || agent.assistant_id !== byName.get(agent.name),
				);
				equal(
					crossTalk.length,
					0,
					`executions whose output is not their own customer's agent (${JSON.stringify(crossTalk.slice(0, 3))})`,
				);
				equal(new Set(outputs.map((o) => o.customer)).size, BURST.events, 'distinct customers across executions');
			},
		);
		record(
			`queue mode: both workers did real work (${shares.join(' and ')} executions, by each worker's own log)`,
			() => {
				for (const share of shares) assert(share >= BURST.events * 0.2, `a worker ran ${share} of ${BURST.events}`);
				equal(
					shares.reduce((a, b) => a + b, 0),
					BURST.events,
					'executions started by the two workers',
				);
			},
		);
		record(
			`queue mode: wall time ${wallSeconds.toFixed(1)} s against the ${floorSeconds} s floor of the 20/s limit and ${ownSeconds.toFixed(1)} s for the same load without it, ${double.state.rateLimited} answers of 429`,
			() => {
				assert(wallSeconds >= floorSeconds * 0.9, `faster than the API allows: ${wallSeconds} s`);
				const ceiling = 2 * Math.max(floorSeconds, ownSeconds);
				assert(
					wallSeconds <= ceiling,
					`too slow: ${wallSeconds} s, more than twice the larger of the floor and this machine's pace without the limit`,
				);
			},
		);

		// 3. A worker dies: SIGKILL while it has executions in flight.
		double.reset();
		double.configure(API);
		const crashIds = Array.from({ length: CRASH_BURST.events }, (_, i) => `cus_k${i}`);
		const [victim, survivor] = workers;
		const before = { victim: ranBy(victim), survivor: ranBy(survivor) };
		const inFlight = () => {
			const startedNow = [...ranBy(victim)].filter((id) => !before.victim.has(id));
			const finished = new Set(
				[...victim.process.output().matchAll(/Worker finished execution (\d+)/g)].map((match) => match[1]),
			);
			return startedNow.filter((id) => !finished.has(id));
		};
		const sending = burst(crashIds, CRASH_BURST.parallel);
		const killedWith = await waitFor(
			`${victim.name} to have 3 executions in flight (started, not finished, by its log)`,
			() => inFlight().length >= 3 && inFlight(),
			{ everyMs: 20 },
		);
		process.kill(-victim.process.child.pid, 'SIGKILL');
		await sending;
		const afterLoad = newerThan(Math.max(...done.map((execution) => Number(execution.id))));
		// A killed worker's executions may never settle (n8n marks them crashed, or leaves them): the
		// wait is bounded, and the check below names what did not settle.
		const afterCrash = await waitFor(
			`the ${CRASH_BURST.events} executions of the crash burst to settle`,
			async () => {
				const list = afterLoad(await executions());
				return settled(list).length >= CRASH_BURST.events && list;
			},
			{ timeoutMs: 120_000, everyMs: 500 },
		).catch(async () => afterLoad(await executions()));
		const failed = afterCrash.find((execution) => execution.status !== 'success');
		const failure =
			failed && parseExecutionData(host, (await main.get(`/rest/executions/${failed.id}`)).data.data).resultData.error;
		const statuses = afterCrash.reduce(
			(count, execution) => ({ ...count, [execution.status]: (count[execution.status] ?? 0) + 1 }),
			{},
		);
		const created = double.state.assistants.length;
		const duplicates = double.duplicateCreates();
		const survivorRan = [...ranBy(survivor)].filter((id) => !before.survivor.has(id)).length;
		process.stdout.write(
			`    worker crash: killed ${victim.name} with ${killedWith.length} executions in flight; ${CRASH_BURST.events} events → executions ${JSON.stringify(statuses)}, ${created} agents, ${duplicates.length} created twice; ${survivor.name} ran ${survivorRan}; a failed execution says "${failure?.message}"\n`,
		);
		record(
			`queue mode, a worker killed mid-burst (${killedWith.length} in flight): ${JSON.stringify(statuses)}, ${created} agents for ${CRASH_BURST.events} events, ${duplicates.length} twice`,
			() => {
				equal(afterCrash.length, CRASH_BURST.events, 'an execution per event');
				equal(duplicates, [], "agents created twice (n8n does not re-run a dead worker's executions)");
				equal(
					(statuses.success ?? 0) + (statuses.crashed ?? 0) + (statuses.error ?? 0),
					CRASH_BURST.events,
					'every execution settled as success, crashed or error',
				);
				assert(
					(statuses.crashed ?? 0) + (statuses.error ?? 0) >= 1,
					"the killed worker's executions are not marked failed",
				);
				assert(
					created >= statuses.success && created <= CRASH_BURST.events,
					`agents ${created} against ${statuses.success} successful executions`,
				);
				equal(double.state.violations, [], 'contract violations');
			},
		);
	} finally {
		await Promise.all(services.reverse().map((service) => (service.stop ? service.stop() : stopChild(service))));
		logs.push(...workers.map((worker) => worker.process.output()));
		fs.rmSync(temp, { recursive: true, force: true });
		process.stdout.write(`    queue mode took ${Math.round((Date.now() - started) / 1000)} s\n`);
	}
}

module.exports = {
	name: 'queue mode: a main and two workers, Redis and PostgreSQL',
	hosts: (host) => host.queue,
	skip: () => process.env.E2E_QUEUE === 'off' && 'E2E_QUEUE=off',
	async run(context) {
		const logs = [];
		try {
			await queueMode(context, logs);
		} finally {
			context.logs.push(...logs);
		}
		context.record("queue mode: no JWT in the main's or the workers' logs", () => {
			context.assert(logs.join('\n').includes('Worker started execution'), 'the worker logs were not captured');
			context.assert(!logs.join('\n').includes(context.JWT), 'the JWT is in a queue-mode log');
		});
		context.double.configure({ latencyMs: 0, rateLimit: undefined });
	},
};
