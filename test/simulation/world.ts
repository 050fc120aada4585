/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the simulation schedules on the simulated clock's setTimeout: test code, never shipped */
/**
 * One simulated world: ContactSwing accounts whose servers misbehave in seeded random ways, and
 * n8n executions of the real node (its router, transport and limiter) side by side on them,
 * some cancelled, with editor dropdowns in between. Only the clock, the timers and the HTTP
 * answers are simulated. `runScenario(seed)` plays one world and returns what it broke.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { router } from '../../nodes/ContactSwing/actions/router';
import { getActions } from '../../nodes/ContactSwing/methods/loadOptions';
import { authorization } from '../../nodes/ContactSwing/transport/authorization';
import { accountKey, accounts } from '../../nodes/ContactSwing/transport/limiter/accounts';
import { AccountLimiter } from '../../nodes/ContactSwing/transport/limiter/limiter';
import {
	LONG_WAIT_MS,
	MAX_WAITING_EXECUTIONS,
	waitingExecutions,
} from '../../nodes/ContactSwing/transport/limiter/waiting';
import type { SimClock } from './clock';
import { seededRandom } from './clock';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** How much longer than LONG_WAIT_MS a wait let in as short may run, seen from outside (see `take` below). */
const UNCOUNTED_OVERRUN_MS = 3 * SECOND;

/** ContactSwing's documented limits, which the node must never break: sends in any 60 s. */
const DOCUMENTED: Record<string, number> = { 'POST /v2/_call': 10, 'GET /v2/_calls': 30 };

type Random = () => number;
const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)];
const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

/** Retry-After as servers send it: sane values, and the absurd ones the node must not obey. */
const RETRY_AFTER = ['1', '1', '2', '2', '5', '10', '0', '-5', '1e308', '86400', '121', '600', 'soon', 'date', ''];
/** How long each rate of a known limit lasts, and the end of it where throughput is measured. */
const STEP_MS = 60 * SECOND;
const THROUGHPUT_MS = 30 * SECOND;
/** The longest Retry-After the node obeys (an hour): the server's gate can last that long. */
const OBEYED_MAX_MS = 60 * MINUTE;

interface Account {
	index: number;
	baseUrl: string;
	token: string;
	/** Until then the server misbehaves: rate limits, 503s, resets, answers that never come. */
	badUntil: number;
	/** What the server limits while bad: the whole account, or only its calls (POST /v2/_call). */
	limits: 'all' | 'calls' | 'none';
	perSecond: number;
	faults: { unavailable: number; reset: number; hang: number };
	/** Latency while bad shifts between these; after that it is `stableMs`. */
	latencies: number[];
	stableMs: number;
	/** The end of the longest gate a 429 of this server asked for that the node obeys. */
	gateEnd: number;
	/** The first request gets a 429 with this Retry-After, whatever else. */
	firstRetryAfter?: string;
	accepted: number[];
	/** Where its server's seeded draws come from. */
	random: Random;
	/** A server that queues rather than refuses: first in, first out, `concurrency` at a time, `serviceMs` each. */
	queue?: { concurrency: number; serviceMs: number; freeAt: number[] };
	/** A server whose limit is known (a token bucket, sporadic 429s): whether it refuses a send at `now`, with Retry-After 1 s. */
	refuses?: (now: number) => boolean;
}

interface Sent {
	account: number;
	endpoint: string;
	item?: string;
	at: number;
	/** The answer: a status, 'reset' or 'hang'; `resend` says the server asked for it to be sent again. */
	outcome?: number | 'reset' | 'hang';
	resend?: boolean;
	/** The Retry-After of a 429 or 503, as sent. */
	retryAfter?: string;
	answeredAt?: number;
	/** The node's Timeout for it (ms). */
	timeoutMs: number;
	/** Whether the node can have read the answer: it came before the Timeout and any cancellation. */
	read?: boolean;
	/** When the request stopped loading the server: answered, reset, aborted, or past the node's Timeout. */
	endsAt: number;
}

interface Execution {
	name: string;
	account: Account;
	operation: 'create' | 'call' | 'calls';
	items: number;
	options: { parallelRequests: number; maxRateLimitWait: number; timeout: number; rateLimitRetries: number };
	start: number;
	cancelAt?: number;
	finishedAt?: number;
	outputs?: INodeExecutionData[];
	cancel?: () => void;
	cancelledAt?: number;
	/** Requests of this execution must go out at once: an account nothing limits (the isolation check). */
	neverHeld?: boolean;
}

export interface ScenarioReport {
	seed: number;
	violations: string[];
	requests: number;
	executions: number;
	simulatedMs: number;
}

/** Plays one seeded world on `clock` and checks the invariants. */
export async function runScenario(seed: number, random: Random, clock: SimClock): Promise<ScenarioReport> {
	const violations: string[] = [];
	const violate = (text: string) => violations.push(text);
	const t0 = clock.now;
	clock.wallOffsetMs = 0;
	// Steps of the node's wall clock (NTP, a VM resumed) of ±1 h, in the middle of holds, calls and
	// requests in flight. Drawn from a seed of its own, as are the worlds below.
	const jumpRandom = seededRandom(seed ^ 0x6a09e667);
	const jumps = jumpRandom() < 0.3;
	if (jumps)
		for (let i = between(jumpRandom, 1, 4); i > 0; i--) {
			const stepMs = pick(jumpRandom, [-60, 60]) * MINUTE;
			// A world that ended first leaves its timer behind: it must not step the next world's clock.
			const at = t0 + between(jumpRandom, 0, 240) * SECOND;
			clock.add(() => clock.now === at && (clock.wallOffsetMs += stepMs), at - clock.now);
		}
	const sent: Sent[] = [];
	const executions: Execution[] = [];
	// No request waits longer than its budget: each turn to send (or refusal) comes within the Max
	// Rate Limit Wait it has left, plus its Timeout, to which a wait for a place may run when longer
	// (docs/reliability.md, "Every wait ends"). Read on every limiter's `take` while this world plays.
	/** When each request of an execution (its Cancellation) that waits for its turn began waiting, oldest first. */
	const waitingSince = new Map<object, number[]>();
	const take = AccountLimiter.prototype.take;
	AccountLimiter.prototype.take = async function (this: AccountLimiter, ...args: Parameters<typeof take>) {
		const from = clock.now;
		const taking = take.apply(this, args);
		// Executions held waiting for a rate limit, all accounts together, stay within the bound: the
		// limiter's count, read as each request is let in (when `take` is called), never past it; and,
		// seen from outside, the executions with a request waiting over LONG_WAIT_MS + 3 s, which may
		// include a few let in on a short estimate, within a quarter more (before the bound: 237 to 495
		// in the flood worlds). An estimate may fall short (it counts on the pace quickening as it
		// probes upward), so a wait let in just under 5 s may run a few seconds longer: in 3,200
		// worlds, at most 68 executions waited over 6 s, 61 over 7 s, 54 over 8 s, 50 over 10 s (with
		// 1 s for a long wait, in 700 worlds: 50 over 2 s).
		if (waitingExecutions.size > MAX_WAITING_EXECUTIONS)
			violate(`${waitingExecutions.size} executions waited for rate limits at once, past ${MAX_WAITING_EXECUTIONS}`);
		const execution = args[3];
		waitingSince.set(execution, [...(waitingSince.get(execution) ?? []), from]);
		const waitingLong = [...waitingSince.values()].filter(
			(starts) => starts[0] < from - LONG_WAIT_MS - UNCOUNTED_OVERRUN_MS,
		).length;
		if (waitingLong > 1.25 * MAX_WAITING_EXECUTIONS)
			violate(
				`${waitingLong} executions had a request waiting over ${LONG_WAIT_MS + UNCOUNTED_OVERRUN_MS} ms for its turn`,
			);
		const result = await taking.finally(() => {
			const starts = waitingSince.get(execution)!;
			starts.splice(starts.indexOf(from), 1);
			if (!starts.length) waitingSince.delete(execution);
		});
		const [method, path, budgetMs, , timeoutMs = Infinity] = args;
		if (clock.now - from > budgetMs + timeoutMs)
			violate(
				`${method} ${path} waited ${clock.now - from} ms for a turn, with ${budgetMs} ms of budget left and a ${timeoutMs} ms Timeout`,
			);
		return result;
	};
	let pendingDropdowns = 0;
	let accountCount = 0;

	/** An account; `ownRandom`: its server's draws come from there rather than the world's. */
	const newAccount = (behaviour: Partial<Account>, ownRandom = random): Account => ({
		index: accountCount,
		baseUrl: `http://127.0.0.1/s${seed}-a${accountCount++}`,
		token: `sim.${seed}.${accountCount}.${Math.floor(ownRandom() * 1e9)}`,
		random: ownRandom,
		badUntil: t0,
		limits: 'none',
		perSecond: 1000,
		faults: { unavailable: 0, reset: 0, hang: 0 },
		latencies: [50],
		stableMs: 50,
		gateEnd: t0,
		accepted: [],
		...behaviour,
	});

	// The main account: limited and faulty for a while, then healthy.
	const main = newAccount({
		badUntil: t0 + between(random, 20, 240) * SECOND,
		limits: pick(random, ['all', 'all', 'calls'] as const),
		perSecond: pick(random, [1, 2, 5, 10, 30]),
		faults: {
			unavailable: pick(random, [0, 0, 0.05, 0.2]),
			reset: pick(random, [0, 0, 0.02, 0.1]),
			hang: pick(random, [0, 0, 0.01, 0.05]),
		},
		latencies: Array.from({ length: 3 }, () => pick(random, [5, 20, 50, 200, 800, 2000])),
		stableMs: pick(random, [50, 200, 1000]),
	});
	// Accounts nothing limits: their requests must never be held back by another's limits.
	const calm = newAccount({ latencies: [pick(random, [10, 100])], stableMs: 100 });

	/**
	 * What n8n does with the execution's cancel signal: it aborts every request in flight. One
	 * listener per execution, as n8n's HTTP client would need far more than Node's default of ten.
	 */
	const inFlight = new WeakMap<AbortSignal, Set<() => void>>();
	function onAbort(signal: AbortSignal | undefined, hook: () => void): () => void {
		if (!signal) return () => {};
		let hooks = inFlight.get(signal);
		if (!hooks) {
			const created = new Set<() => void>();
			hooks = created;
			inFlight.set(signal, created);
			signal.addEventListener('abort', () => created.forEach((run) => run()), { once: true });
		}
		hooks.add(hook);
		return () => hooks.delete(hook);
	}

	/** The simulated server: answers after the account's latency, as it behaves at that moment. */
	function serve(account: Account, options: IHttpRequestOptions, signal?: AbortSignal) {
		const now = clock.now;
		const path = String(options.url).split('?')[0];
		const endpoint = `${options.method ?? 'GET'} ${path}`;
		const body = (options.body ?? {}) as IDataObject;
		const item =
			typeof body.name === 'string'
				? body.name
				: typeof body.customer_name === 'string'
					? body.customer_name
					: undefined;
		const record: Sent = {
			account: account.index,
			endpoint,
			item,
			at: now,
			endsAt: now + (options.timeout ?? Infinity),
			timeoutMs: options.timeout ?? Infinity,
		};
		sent.push(record);
		checkLoad(account, record);
		const bad = now < account.badUntil;
		const { random } = account;
		let latency = bad ? pick(random, account.latencies) : account.stableMs;
		if (account.queue) {
			// Its place in the queue: the earliest of its workers to be free.
			const { freeAt, serviceMs } = account.queue;
			const worker = freeAt.indexOf(Math.min(...freeAt));
			freeAt[worker] = Math.max(now, freeAt[worker]) + serviceMs;
			latency = freeAt[worker] - now;
		}
		let outcome: number | 'reset' | 'hang' = 200;
		const headers: Record<string, string> = {};
		const limited = account.limits === 'all' || (account.limits === 'calls' && endpoint === 'POST /v2/_call');
		if (
			account.firstRetryAfter !== undefined &&
			!sent.some((other) => other !== record && other.account === account.index)
		) {
			outcome = 429;
			headers['retry-after'] = account.firstRetryAfter;
		} else if (account.refuses?.(now)) {
			outcome = 429;
			headers['retry-after'] = '1';
		} else if (bad && random() < account.faults.reset) outcome = 'reset';
		else if (bad && random() < account.faults.hang) outcome = 'hang';
		else if (bad && random() < account.faults.unavailable) {
			outcome = 503;
			const value = random() < 0.5 ? retryAfter(random) : undefined;
			if (value !== undefined) headers['retry-after'] = value;
		} else if (bad && limited && account.accepted.filter((at) => at > now - SECOND).length >= account.perSecond) {
			outcome = 429;
			const value = retryAfter(random);
			if (value !== undefined) headers['retry-after'] = value;
		} else if (DOCUMENTED[endpoint] && tooManyDocumented(account, endpoint, now)) {
			outcome = 429; // the real server would refuse it; the invariant below reports it
			headers['retry-after'] = '60';
		}
		if (outcome === 429 || outcome === 503) {
			record.resend = outcome === 429 || 'retry-after' in headers;
			record.retryAfter = headers['retry-after'];
			const obeyed = obeyedMs(headers['retry-after'], now);
			if (obeyed) account.gateEnd = Math.max(account.gateEnd, now + obeyed);
		}
		if (outcome === 200) account.accepted.push(now);
		if (account.accepted.length > 4000) account.accepted.splice(0, 2000);
		record.outcome = outcome;
		return new Promise<{ statusCode: number; headers: Record<string, string>; body: string }>((resolve, reject) => {
			const cancelled = () => {
				record.endsAt = Math.min(record.endsAt, clock.now);
				reject(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }));
			};
			if (signal?.aborted) return cancelled();
			const forget = onAbort(signal, cancelled);
			if (outcome === 'hang') return;
			setTimeout(() => {
				forget();
				record.answeredAt = clock.now;
				record.read = !signal?.aborted && clock.now < record.at + record.timeoutMs;
				record.endsAt = Math.min(record.endsAt, clock.now);
				if (outcome === 'reset') return reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
				const status = outcome as number;
				resolve({
					statusCode: status === 200 && options.method === 'POST' ? 201 : status,
					headers,
					body: answerBody(status, endpoint, item),
				});
			}, latency);
		});
	}

	/**
	 * Bounded load: an account never has more requests in flight than its window's cap (twice the
	 * window, at least 4 beyond it; requests overdue included), whatever the server does. Checked as each request arrives, against the
	 * window of the account's limiter at that moment (read without touching the registry).
	 */
	const loads = new Map<number, Set<Sent>>();
	function checkLoad(account: Account, record: Sent): void {
		const load = loads.get(account.index) ?? new Set<Sent>();
		loads.set(account.index, load);
		for (const other of load) if (other.endsAt <= record.at) load.delete(other);
		load.add(record);
		const registry = accounts as unknown as { accounts: Map<string, AccountLimiter> };
		const window = registry.accounts.get(accountKey(account.baseUrl, account.token))?.window;
		if (load.size > (window?.cap() ?? 0))
			violate(`account ${account.index} had ${load.size} requests in flight with a window of ${window?.size}`);
	}

	function retryAfter(random: Random): string | undefined {
		const value = pick(random, RETRY_AFTER);
		// Across a step of the node's wall clock, an HTTP date cannot be read right: none is sent then.
		if (value === 'date' && jumps) return '2';
		if (value === 'date') return new Date(clock.now + between(random, -5, 10) * SECOND).toUTCString();
		return value === '' ? undefined : value;
	}

	/** What the node obeys of a Retry-After (its documented rule), to know how long the server may hold it. */
	function obeyedMs(value: string | undefined, now: number): number {
		if (!value) return 0;
		const ms = /^\d+(\.\d+)?$/.test(value)
			? Number(value) * 1000
			: /^[A-Za-z]{3}, /.test(value)
				? Date.parse(value) - now
				: NaN;
		return Number.isFinite(ms) && ms > 0 && ms <= OBEYED_MAX_MS ? ms : 0;
	}

	function tooManyDocumented(account: Account, endpoint: string, now: number): boolean {
		const recent = sent.filter((s) => s.account === account.index && s.endpoint === endpoint && s.at > now - MINUTE);
		return recent.length > DOCUMENTED[endpoint];
	}

	function answerBody(status: number, endpoint: string, item?: string): string {
		if (status === 429) return JSON.stringify({ detail: 'Rate limit exceeded' });
		if (status !== 200) return JSON.stringify({ detail: 'Service Unavailable' });
		if (endpoint === 'GET /v2/_calls')
			return JSON.stringify({ data: { data: [{ id: 'call-1' }], pagination: { total_records: 1 } } });
		if (endpoint === 'GET /v2/_actions')
			return JSON.stringify({ data: { data: [{ id: 'act-1', name: 'A' }], pagination: { has_next: false } } });
		if (endpoint === 'POST /v2/_call') return JSON.stringify({ data: { call_id: `c-${item}`, status: 'queued' } });
		return JSON.stringify({ ctx_id: 'c', data: { assistant_id: `a-${item}`, name: item } });
	}

	/**
	 * n8n's side of a request: the credential signs it, then the server
	 * answers. For an execution (`name`), it also checks the account keeps one limiter while the
	 * execution runs: an account in use is never forgotten.
	 */
	const signedRequest = (account: Account, signal?: AbortSignal, name?: string) => {
		let limiter: unknown;
		const key = accountKey(account.baseUrl, account.token);
		return async function (this: unknown, _type: string, options: IHttpRequestOptions) {
			if (name) {
				const current = accounts.limiterFor(key);
				if (limiter && current !== limiter) violate(`${name}'s account was forgotten while the execution ran`);
				limiter = current;
			}
			// The credential's `authenticate`: n8n adds the Bearer header.
			const signed = { ...options, headers: { ...options.headers, Authorization: authorization(account.token) } };
			return await serve(account, signed, signal);
		};
	};

	function start(execution: Execution): void {
		const controller = new AbortController();
		execution.cancel = () => {
			execution.cancelledAt ??= clock.now;
			controller.abort();
		};
		const input = Array.from({ length: execution.items }, (_, i) => ({ json: { name: `${execution.name}-i${i}` } }));
		const parameters = parametersFor(execution);
		const node = {
			id: execution.name,
			name: 'ContactSwing',
			type: 'n8n-nodes-contactswing.contactSwing',
			typeVersion: 1,
			position: [0, 0],
			parameters,
		} as INode;
		const context = {
			getInputData: () => input,
			getNode: () => node,
			getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
				name in parameters ? resolve(parameters[name], input[itemIndex]?.json ?? {}) : fallback,
			continueOnFail: () => true,
			getExecutionCancelSignal: () => controller.signal,
			addExecutionHints: () => {}, // n8n shows them; the worlds check what the node sent and output
			getCredentials: async () =>
				({ token: execution.account.token, baseUrl: execution.account.baseUrl }) as ICredentialDataDecryptedObject,
			helpers: {
				httpRequestWithAuthentication: signedRequest(execution.account, controller.signal, execution.name),
				returnJsonArray: (data: IDataObject | IDataObject[]) =>
					(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
				constructExecutionMetaData: (items: INodeExecutionData[], { itemData }: { itemData: { item: number } }) =>
					items.map((item) => ({ ...item, pairedItem: itemData })),
			},
		} as unknown as IExecuteFunctions;
		router.call(context).then(
			(outputs) => {
				execution.outputs = outputs[0];
				execution.finishedAt = clock.now;
			},
			(error: Error) => {
				violate(`${execution.name} threw instead of failing its items: ${error.message}`);
				execution.finishedAt = clock.now;
			},
		);
	}

	function dropdown(account: Account): void {
		pendingDropdowns++;
		const context = {
			getNode: () => ({
				id: 'dropdown',
				name: 'ContactSwing',
				type: 'x',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			}),
			getCredentials: async () => ({ token: account.token, baseUrl: account.baseUrl }),
			helpers: { httpRequestWithAuthentication: signedRequest(account) },
		} as unknown as ILoadOptionsFunctions;
		const startedAt = clock.now;
		getActions
			.call(context)
			.then(
				() => undefined,
				(error: Error) => {
					if (!error.message.startsWith('ContactSwing') && !error.message.startsWith('No response'))
						violate(`a dropdown failed without a clear message: ${error.message}`);
				},
			)
			.finally(() => {
				pendingDropdowns--;
				// A dropdown gives up within 15 s an answer and 15 s of rate limits (no read retries).
				if (clock.now - startedAt > 31 * SECOND) violate(`a dropdown took ${clock.now - startedAt} ms`);
			});
	}

	// The load: executions side by side on the main account, some cancelled, some after long idle gaps.
	const plan = (account: Account, at: number, index: number): Execution => {
		const operation = pick(random, ['create', 'create', 'call', 'calls'] as const);
		return {
			name: `s${seed}-e${index}`,
			account,
			operation,
			items: between(random, 1, operation === 'create' ? 20 : 12),
			options: {
				parallelRequests: pick(random, [1, 3, 10, 100]),
				maxRateLimitWait: pick(random, [0, 1, 10, 120]),
				timeout: pick(random, [1, 5, 60]),
				rateLimitRetries: pick(random, [0, 2, 10]),
			},
			start: at,
			cancelAt: random() < 0.25 ? at + between(random, 0, 30) * SECOND : undefined,
		};
	};
	/** An execution that waits as long as the defaults let it: 120 s of rate limits, a 60 s Timeout. */
	const patient = (
		name: string,
		account: Account,
		operation: Execution['operation'],
		items: number,
		parallelRequests: number,
		start: number,
		{ rateLimitRetries = 2 } = {},
	): Execution => ({
		name: `s${seed}-${name}`,
		account,
		operation,
		items,
		options: { parallelRequests, maxRateLimitWait: 120, timeout: 60, rateLimitRetries },
		start,
	});
	const wave = (startAt: number, count: number) => {
		for (let i = 0; i < count; i++)
			executions.push(plan(main, startAt + between(random, 0, 60) * SECOND, executions.length));
	};
	wave(t0, between(random, 2, 6));
	// An idle gap longer than 15 minutes, then more: the account may have been forgotten meanwhile.
	if (random() < 0.4) wave(main.badUntil + between(random, 16, 20) * MINUTE, between(random, 1, 3));
	// Isolation: the calm account's requests go out at once, whatever the main account goes through.
	for (let i = 0; i < between(random, 1, 3); i++) {
		const start = t0 + ((i * 3 + between(random, 0, 2)) * MINUTE) / 2;
		executions.push({ ...patient(`calm${i}`, calm, 'create', between(random, 1, 10), 10, start), neverHeld: true });
	}
	// Isolation of endpoints: an account whose calls alone are rate-limited, with creates beside them.
	if (random() < 0.5) {
		const split = newAccount({
			badUntil: t0 + 10 * MINUTE,
			limits: 'calls',
			perSecond: 1,
			latencies: [50],
			stableMs: 50,
		});
		const at = t0 + between(random, 0, 120) * SECOND;
		executions.push(patient('calls', split, 'call', between(random, 11, 15), 4, at, { rateLimitRetries: 10 }));
		for (let i = 0; i < between(random, 1, 3); i++) {
			// Seconds apart, so that the creates in flight with the calls stay within the initial window of 10.
			const start = at + i * 8 * SECOND + between(random, 1, 5) * SECOND;
			executions.push({ ...patient(`beside${i}`, split, 'create', between(random, 1, 6), 6, start), neverHeld: true });
		}
	}
	// An account waiting out a Retry-After while over 100 others come and go: it must not be forgotten.
	if (random() < 0.3) {
		const waiting = newAccount({ firstRetryAfter: String(between(random, 20, 40)) });
		const at = t0 + between(random, 0, 120) * SECOND;
		executions.push(patient('waiting', waiting, 'create', between(random, 2, 5), 5, at));
		for (let i = 0; i < between(random, 101, 120); i++) {
			executions.push(patient(`crowd${i}`, newAccount({}), 'create', 1, 1, at + SECOND + between(random, 0, 15_000)));
		}
	}
	// A server that answers nothing for a while (every request hangs until its Timeout), under
	// executions side by side: overdue requests let the line move, and no more than the window's cap
	// is ever in flight (checkLoad). Drawn from a seed of its own, so the rest of the world plays as before.
	const silentRandom = seededRandom(seed ^ 0x2f6b1c3d);
	if (silentRandom() < 0.3) {
		const silent = newAccount(
			{ badUntil: t0 + between(silentRandom, 30, 180) * SECOND, faults: { unavailable: 0, reset: 0, hang: 1 } },
			silentRandom,
		);
		const at = t0 + between(silentRandom, 0, 60) * SECOND;
		for (let i = 0; i < between(silentRandom, 1, 4); i++) {
			const start = at + i * between(silentRandom, 0, 20) * SECOND;
			executions.push(patient(`silent${i}`, silent, 'create', between(silentRandom, 20, 150), 100, start));
		}
	}
	// A server that queues rather than refuses (Cloud Run while it scales): never a 429, its latency
	// grows with the load. No create may be carried out after the node reported it failed.
	const queueRandom = seededRandom(seed ^ 0x3c6ef372);
	const queueing =
		queueRandom() < 0.3
			? newAccount(
					{
						queue: {
							concurrency: pick(queueRandom, [1, 2, 4]),
							serviceMs: pick(queueRandom, [250, 500, 1000]),
							freeAt: [],
						},
					},
					queueRandom,
				)
			: undefined;
	if (queueing) {
		queueing.queue!.freeAt = Array(queueing.queue!.concurrency).fill(t0);
		const at = t0 + between(queueRandom, 0, 60) * SECOND;
		for (let i = 0; i < between(queueRandom, 1, 2); i++) {
			const execution = patient(
				`queued${i}`,
				queueing,
				'create',
				between(queueRandom, 50, 200),
				100,
				at + i * 5 * SECOND,
			);
			execution.options.timeout = pick(queueRandom, [20, 60]);
			executions.push(execution);
		}
	}
	// A server whose limit is known, under a steady stream of executions (one a second, some of them
	// fail-fast: Max Rate Limit Wait 0 or 1 s): a real limit well under what is offered, a limit
	// that steps up and down, or sporadic 429s at a steady share. Drawn from a seed of its own.
	const knownRandom = seededRandom(seed ^ 0x510e527f);
	const known = knownRandom() < 0.1 ? knownLimit(knownRandom) : undefined;

	// Issue 29's fail-fast set-up: a limit teaches a pace, then the server refuses nothing more; an
	// execution that may not wait (Max Rate Limit Wait 0 or 1 s), then default ones a minute apart,
	// must each create every item within a minute. Drawn from a seed of its own.
	const failFastRandom = seededRandom(seed ^ 0x9b05688c);
	const failFast = failFastRandom() < 0.1 ? failFastWorld(failFastRandom) : undefined;

	// A webhook flood on a limit that lasts (issue 32), once the recovery probe is over: executions
	// held waiting for rate limits stay within the process's bound (checked in `take` above), and the
	// server's rate is still used. Not beside a known limit or a fail-fast run, whose executions the
	// bound (the whole process's) would refuse too. Drawn from a seed of its own.
	const floodRandom = seededRandom(seed ^ 0x6ed9eba1);
	const flood = !known && !failFast && floodRandom() < 0.1 ? floodWorld(floodRandom) : undefined;

	// Recovery: once the server is well again (and its last obeyed Retry-After has run out), a steady load.
	const probe: Execution = {
		name: `s${seed}-probe`,
		account: main,
		operation: 'create',
		items: 0,
		options: { parallelRequests: 10, maxRateLimitWait: 120, timeout: 60, rateLimitRetries: 10 },
		start: Infinity,
	};
	const probeLatency = 5 * SECOND;
	main.stableMs = probeLatency;

	for (const execution of executions) {
		clock.add(() => start(execution), execution.start - clock.now);
		if (execution.cancelAt !== undefined) clock.add(() => execution.cancel?.(), execution.cancelAt - clock.now);
	}
	for (let i = 0; i < between(random, 0, 3); i++) clock.add(() => dropdown(main), between(random, 0, 300) * SECOND);
	clock.add(() => {
		// Every 429 of the bad period has been sent: from here the server only answers well.
		const from = Math.max(main.badUntil, main.gateEnd);
		clock.add(() => {
			probe.start = clock.now;
			probe.items =
				Math.ceil((70 * SECOND * probe.options.parallelRequests) / probeLatency) + probe.options.parallelRequests;
			executions.push(probe);
			start(probe);
			clock.add(() => probe.cancel?.(), 70 * SECOND);
			flood?.begin(clock.now + 71 * SECOND);
		}, from - clock.now);
	}, main.badUntil - clock.now);

	const horizon = clock.now + 6 * 60 * MINUTE;
	const done = () =>
		pendingDropdowns === 0 && executions.every((e) => e.finishedAt !== undefined) && probe.finishedAt !== undefined;
	const ended = await clock.run(done, horizon);
	if (ended !== 'done') {
		const open = executions.filter((e) => e.finishedAt === undefined).map((e) => e.name);
		violate(
			`the world ${ended === 'stuck' ? 'stopped with requests still waiting for ever' : 'did not end in 6 simulated hours'}: ${open.join(', ')}${pendingDropdowns ? ` and ${pendingDropdowns} dropdowns` : ''}`,
		);
	}

	AccountLimiter.prototype.take = take;
	// Every request that left gave its execution's count back: none is left waiting once the world ends.
	if (waitingExecutions.size) violate(`${waitingExecutions.size} executions still counted as waiting at the end`);
	checkInvariants();
	if (known) checkKnownLimit(known);
	if (flood) checkKnownLimit(flood);
	for (const execution of failFast ?? []) {
		const created = (execution.outputs ?? []).filter((item) => item.json.error === undefined).length;
		const tookMs = (execution.finishedAt ?? Infinity) - execution.start;
		if (created < execution.items || tookMs > MINUTE)
			violate(
				`after a fail-fast run, ${execution.name} created ${created} of ${execution.items} items in ${tookMs} ms on a server that refused nothing more`,
			);
	}
	return { seed, violations, requests: sent.length, executions: executions.length, simulatedMs: clock.now - t0 };

	/**
	 * A known limit's account and its load: `steps` of STEP_MS each, at `rates` a second (a token
	 * bucket holding a second's worth), or none and a `share` of sends refused at random;
	 * `offered` items a second, in one execution a second.
	 */
	function knownLimit(random: Random) {
		const kind = pick(random, ['over', 'stepping', 'sporadic'] as const);
		const base = pick(random, [5, 10]);
		const rates =
			kind === 'over'
				? [base, base]
				: kind === 'stepping'
					? [base, pick(random, [5, 10, 20]), base]
					: [Infinity, Infinity];
		const offered = kind === 'over' ? Math.ceil(base * 1.5) : pick(random, [4, 8]);
		const share = kind === 'sporadic' ? between(random, 2, 8) / 100 : 0;
		const at = t0 + between(random, 0, 60) * SECOND;
		const bucket = tokenBucket((now) => rates[Math.min(rates.length - 1, Math.floor((now - at) / STEP_MS))], at);
		const account = newAccount({ refuses: (now) => (share ? random() < share : bucket(now)) }, random);
		const stream: Execution[] = [];
		for (let second = 0; second < (rates.length * STEP_MS) / SECOND; second++) {
			const execution = patient(`known${second}`, account, 'create', offered, 100, at + second * SECOND);
			if (random() < 0.2) execution.options.maxRateLimitWait = pick(random, [0, 1]);
			stream.push(execution);
		}
		executions.push(...stream);
		return { kind, account, rates, offered, share, at, stream };
	}

	/**
	 * The flood: `perSecond` executions a second of 1 to 10 items each, as patient as the defaults,
	 * on a token bucket of `rate` a second, for two steps from `begin(at)` on.
	 */
	function floodWorld(random: Random) {
		const rate = pick(random, [5, 10]);
		const perSecond = pick(random, [4, 7]);
		const rates = [rate, rate];
		// Refusing nothing until the flood begins, then a token bucket from that moment.
		let refuses: (now: number) => boolean = () => false;
		const account = newAccount({ refuses: (now) => refuses(now) }, random);
		const count = (perSecond * rates.length * STEP_MS) / SECOND;
		const stream = Array.from({ length: count }, (_, k) =>
			patient(`flood${k}`, account, 'create', between(random, 1, 10), 100, Infinity),
		);
		const begin = (at: number) => {
			refuses = tokenBucket(() => rate, at);
			stream.forEach((execution, k) => {
				execution.start = at + Math.floor((k * SECOND) / perSecond);
				executions.push(execution);
				clock.add(() => start(execution), execution.start - clock.now);
			});
		};
		return { kind: 'flood', account, rates, share: 0, stream, begin };
	}

	/** The fail-fast world's executions; returns the default ones that follow the fail-fast one. */
	function failFastWorld(random: Random): Execution[] {
		const at = t0 + between(random, 0, 60) * SECOND;
		const rate = pick(random, [2, 5]);
		const bucket = tokenBucket(() => rate, at);
		// A limit for the first 30 s only: it teaches the pace.
		const account = newAccount({ refuses: (now) => now < at + 30 * SECOND && bucket(now) }, random);
		executions.push(patient('taught', account, 'create', 60, 10, at));
		const fast = patient('failfast', account, 'create', 200, 100, at + 35 * SECOND);
		fast.options.maxRateLimitWait = pick(random, [0, 1]);
		const later = [1, 2, 3].map((minute) =>
			patient(`after${minute}`, account, 'create', 100, 10, at + 35 * SECOND + minute * MINUTE),
		);
		executions.push(fast, ...later);
		return later;
	}

	/** A token bucket of `rateAt(now)` a second, full at `from` with a second's worth: whether it refuses a send at `now`. */
	function tokenBucket(rateAt: (now: number) => number, from: number): (now: number) => boolean {
		let tokens = rateAt(from);
		let filledAt = from;
		return (now) => {
			const current = rateAt(now);
			tokens = Math.min(current, tokens + ((Math.max(now, filledAt) - filledAt) * current) / SECOND);
			filledAt = Math.max(now, filledAt);
			if (tokens < 1) return true;
			tokens--;
			return false;
		};
	}

	/**
	 * Throughput: in the last THROUGHPUT_MS of each step after the first (in which the node learns
	 * the limit), the server answers 200 to at least 90 % of what it accepts from a node that always
	 * has a request ready: the bucket's rate over that span, or the items offered that may wait (Max
	 * Rate Limit Wait over 1 s) when fewer. Not less than 30 s: at 5 a second, the one 429 with which
	 * the node retests a known limit every 30 s holds it 1 s, 5 % of a 20 s span.
	 */
	function checkKnownLimit({ kind, account, rates, stream, share }: NonNullable<typeof known | typeof flood>): void {
		rates.forEach((rate, step) => {
			if (!step) return; // the first minute, the node learns the limit
			const to = stream[0].start + (step + 1) * STEP_MS;
			const from = to - THROUGHPUT_MS;
			const created = sent.filter((s) => s.account === account.index && s.outcome === 200 && s.at >= from && s.at < to);
			const mayWait = stream
				.filter((e) => e.start >= from && e.start < to && e.options.maxRateLimitWait > 1)
				.reduce((sum, e) => sum + e.items, 0);
			const accepts = Math.min(mayWait, (rate * THROUGHPUT_MS) / SECOND);
			if (created.length < 0.9 * accepts)
				violate(
					`a ${kind} server (${rates.join(', ')} a second${share ? `, ${share * 100} % refused` : ''}) accepted ${created.length} creates in the last ${THROUGHPUT_MS / SECOND} s of step ${step + 1}, where it accepts ${Math.round(accepts)}`,
				);
		});
	}

	function checkInvariants(): void {
		for (const execution of executions) {
			if (execution.finishedAt === undefined) continue;
			// Liveness: a cancelled execution ends at once; every other item ends, created or failed with a message.
			if (execution.cancelledAt !== undefined) {
				if (execution.finishedAt - execution.cancelledAt > 1)
					violate(`${execution.name} ended ${execution.finishedAt - execution.cancelledAt} ms after it was cancelled`);
			} else {
				const outputs = execution.outputs ?? [];
				if (execution.operation !== 'calls' && outputs.length !== execution.items)
					violate(`${execution.name} output ${outputs.length} items for ${execution.items}`);
				for (const item of outputs) {
					if (
						item.json.error !== undefined &&
						!/^(ContactSwing|No response from ContactSwing)/.test(String(item.json.error))
					)
						violate(`${execution.name} failed an item without a clear message: ${String(item.json.error)}`);
				}
				const { maxRateLimitWait, timeout, rateLimitRetries } = execution.options;
				// Each item: its wait budget, and a Timeout for each try, plus slack; items queue behind each other
				// only for the account's window, so the bound grows with the items on the account meanwhile.
				const perItem = maxRateLimitWait * SECOND + (rateLimitRetries + 3) * (timeout + 1) * SECOND + 40 * SECOND;
				const sharing = executions
					.filter(
						(other) =>
							other.account === execution.account &&
							other.start < execution.finishedAt! &&
							(other.finishedAt ?? Infinity) > execution.start,
					)
					.reduce((sum, other) => sum + other.items, 0);
				if (execution !== probe && execution.finishedAt - execution.start > perItem * Math.max(1, sharing))
					violate(`${execution.name} took ${execution.finishedAt - execution.start} ms`);
			}
			// Isolation: nothing limits the calm account, so its requests go out the moment its execution starts.
			if (execution.neverHeld) {
				const late = sent.filter((s) => s.item?.startsWith(`${execution.name}-`) && s.at !== execution.start);
				if (late.length)
					violate(`${execution.name} was held back ${late[0].at - execution.start} ms by another account or endpoint`);
			}
		}

		// Safety: the documented limits, per account, across executions and evictions.
		for (const [endpoint, perMinute] of Object.entries(DOCUMENTED)) {
			const byAccount = new Map<number, number[]>();
			for (const s of sent)
				if (s.endpoint === endpoint) byAccount.set(s.account, [...(byAccount.get(s.account) ?? []), s.at]);
			for (const [account, times] of byAccount) {
				for (let i = 0; i + perMinute < times.length; i++) {
					if (times[i + perMinute] - times[i] < MINUTE) {
						violate(
							`account ${account} sent ${perMinute + 1} ${endpoint} within ${times[i + perMinute] - times[i]} ms`,
						);
						break;
					}
				}
			}
		}
		// Safety: a create is sent again only after an answer that said it was not processed.
		const byItem = new Map<string, Sent[]>();
		for (const s of sent)
			if (s.item && s.endpoint.startsWith('POST')) byItem.set(s.item, [...(byItem.get(s.item) ?? []), s]);
		for (const [item, sends] of byItem) {
			for (const earlier of sends.slice(0, -1)) {
				if (!earlier.resend) {
					violate(`${item} was sent again after ${earlier.outcome}`);
					break;
				}
			}
		}

		// Safety: every Retry-After the node obeys is respected, by the server's time: nothing it
		// covers (the account, or a documented endpoint) arrives before it ends.
		for (const limited of sent) {
			// Only an answer the node read: not one that came after its Timeout or a cancellation.
			if (limited.answeredAt === undefined || !limited.retryAfter || !limited.read) continue;
			const holdMs = obeyedMs(limited.retryAfter, limited.answeredAt);
			if (!holdMs) continue;
			const endsAt = /^\d/.test(limited.retryAfter) ? limited.answeredAt + holdMs : Date.parse(limited.retryAfter);
			const early = sent.find(
				(s) =>
					s.account === limited.account &&
					(!DOCUMENTED[limited.endpoint] || s.endpoint === limited.endpoint) &&
					s.at > limited.answeredAt! &&
					s.at < endsAt - 1,
			);
			if (early) {
				violate(
					`account ${limited.account} sent ${early.endpoint} ${early.at - limited.answeredAt} ms after a Retry-After of ${limited.retryAfter} (${limited.outcome} to ${limited.endpoint} sent at +${limited.at - t0} ms, answered +${limited.answeredAt - t0} ms)`,
				);
				break;
			}
		}
		// Safety: no create is carried out by a queueing server after the node reported it failed.
		if (queueing) {
			const late = sent.filter(
				(s) =>
					s.account === queueing.index &&
					s.outcome === 200 &&
					s.answeredAt !== undefined &&
					s.answeredAt > s.at + s.timeoutMs,
			);
			if (late.length) violate(`a queueing server created ${late.length} assistants after the node had given up`);
		}

		// Recovery: 60 s after the server is well again, at least 90 % of what it could do unlimited.
		if (probe.finishedAt !== undefined && Number.isFinite(probe.start)) {
			const from = probe.start + 60 * SECOND;
			const answered = sent.filter(
				(s) =>
					s.account === main.index &&
					s.outcome === 200 &&
					s.answeredAt !== undefined &&
					s.answeredAt >= from &&
					s.answeredAt < from + 10 * SECOND,
			).length;
			const unlimited = (probe.options.parallelRequests / probeLatency) * 10 * SECOND;
			if (answered < 0.9 * unlimited)
				violate(`60 s after the server recovered, ${answered} answers in 10 s where ${unlimited} were possible`);
		}

		// Bounded state: at most 100 accounts remembered, whatever the history.
		if (accounts.size > 100) violate(`${accounts.size} accounts remembered`);
		const limiter = accounts.limiterFor(accountKey(main.baseUrl, main.token));
		const { endpoints } = limiter as unknown as { endpoints: Map<string, unknown> };
		const { queue } = limiter.window as unknown as { queue: unknown[] };
		const { taken } = limiter.window;
		if (limiter.pace.accepted.times.length > 2048 || queue.length > 0 || taken !== 0 || endpoints.size > 4)
			violate(
				`the main account's limiter holds ${limiter.pace.accepted.times.length} sends, ${queue.length} waiters, ${taken} places taken, ${endpoints.size} endpoints`,
			);
	}
}

function parametersFor(execution: Execution): INodeParameters {
	const options = execution.options;
	if (execution.operation === 'create')
		return {
			resource: 'assistant',
			operation: 'create',
			type: 'WHATSAPP',
			name: '={{ $json.name }}',
			model: 'cw-llm-1',
			instructions: 'Help.',
			phoneNumber: '650175178190170',
			options,
		};
	if (execution.operation === 'call')
		return {
			resource: 'call',
			operation: 'start',
			phoneNumber: '+1234567890',
			agentId: 'agent_1',
			additionalFields: { customerName: '={{ $json.name }}' },
			options,
		};
	return { resource: 'call', operation: 'getAll', returnAll: false, limit: 1, options };
}

/** The one expression the simulation uses, `{{ $json.name }}`, resolved for an item as n8n would. */
function resolve(value: unknown, json: IDataObject): unknown {
	if (value === '={{ $json.name }}') return json.name;
	if (typeof value === 'object' && value !== null && !Array.isArray(value))
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, json)]));
	return value;
}
