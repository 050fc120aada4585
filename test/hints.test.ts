/**
 * What the node did, shown in n8n: one hint per kind of event (rate limits, read retries, pages,
 * failed items, Dry Run) in the run data, with its figures, and none after an ordinary fast run;
 * a line in n8n's log per Retry-After of 10 s or more (once per hold) or other wait that long, and
 * per Retry-After not obeyed as sent, without the token.
 */
import type { INodeParameters, Logger } from 'n8n-workflow';

import { TokenMask } from '../nodes/ContactSwing/transport/redact';
import { ExecutionReport } from '../nodes/ContactSwing/transport/report';
import type { ApiRequest } from '../nodes/ContactSwing/transport/types';
import { runNode } from './harness/engine';
import { nodeLogger } from './harness/logs';
import { credentialsFor, FAKE_JWT, items, useDouble, whatsappParameters } from './harness/fixtures';
import { SimClock } from './simulation/clock';

const double = useDouble();

/** What the node wrote to n8n's log in the test: its lines only. */
const logged: string[] = [];
beforeEach(() => {
	logged.length = 0;
	const logger = nodeLogger();
	for (const level of ['info', 'warn'] as const) {
		jest
			.spyOn(logger, level)
			.mockImplementation((...[message]: [string, unknown?]) => void logged.push(`${level}: ${message}`));
	}
});
afterEach(() => jest.restoreAllMocks());
const ours = () => logged.filter((line) => line.includes('ContactSwing'));

const tooMany = (retryAfter: string, times: number) => ({
	status: 429,
	body: { detail: 'Too many requests' },
	headers: { 'retry-after': retryAfter },
	times,
});

async function hintsOf(
	parameters: INodeParameters,
	input = items({}),
	settings: { onError?: 'continueRegularOutput' } = {},
) {
	const { run, error } = await runNode({
		node: { parameters, ...settings },
		items: input,
		credentials: credentialsFor(double()),
	});
	expect(error?.message).toBeUndefined();
	return (run.data.resultData.runData.ContactSwing[0].hints ?? []).map((hint) => hint.message);
}

const agents = (count: number) => items(...Array.from({ length: count }, (_, i) => ({ company: `Company ${i}` })));

it('shows nothing after an ordinary fast run', async () => {
	expect(await hintsOf(whatsappParameters({ name: '={{ $json.company }}' }), agents(3))).toEqual([]);
	expect(await hintsOf({ resource: 'customer', operation: 'getAll', returnAll: true })).toEqual([]);
	expect(double().state.requests).toHaveLength(4);
	expect(ours()).toEqual([]);
});

it('after a rate-limited run: how many requests were limited, held, and for how long', async () => {
	double().failWhen(() => true, tooMany('1', 2));
	const hints = await hintsOf(whatsappParameters({ name: '={{ $json.company }}' }), agents(3));
	expect(hints).toHaveLength(1);
	expect(hints[0]).toMatch(
		/^ContactSwing rate-limited 2 requests; the node held \d+ requests? back for rate limits, \d+\.\d s in all, the longest wait (1|2)\.\d s$/,
	);
	expect(double().state.assistants).toHaveLength(3);
	// Holds of a second or two, and a Retry-After obeyed as sent: nothing for the log.
	expect(ours()).toEqual([]);
});

it('the figures of what happened only: a 429 with no wait after it, then a wait with no 429', async () => {
	// Not sent again (no Rate Limit Retries): ContactSwing limited one request, and nothing waited.
	double().failWhen(() => true, tooMany('2', 1));
	const failedAtOnce = whatsappParameters({ options: { rateLimitRetries: 0 } });
	expect(await hintsOf(failedAtOnce, items({}), { onError: 'continueRegularOutput' })).toEqual([
		'ContactSwing rate-limited 1 request',
		'1 of 1 item failed; its output item carries the error',
	]);
	// The next execution on the account waits out that Retry-After, and gets no 429 of its own.
	const [held] = await hintsOf(whatsappParameters());
	expect(held).toMatch(
		/^The node held 1 request back for rate limits, [12]\.\d s in all, the longest wait [12]\.\d s$/,
	);
});

it('after a paged read: the pages and the records', async () => {
	// 130 calls: 100 on page 1, 30 on page 2.
	expect(await hintsOf({ resource: 'call', operation: 'getAll', returnAll: true, simplify: false })).toEqual([
		"Read 2 pages (130 records) of ContactSwing's lists",
	]);
});

it('after read retries, and after items that failed with Continue On Fail', async () => {
	double().failWhen((request) => request.method === 'GET', { status: 502, body: 'Bad gateway', times: 1 });
	expect(await hintsOf({ resource: 'customer', operation: 'getAll', returnAll: true })).toEqual([
		'Retried 1 read after a timeout, a reset or a 5xx answer',
	]);
	double().failWhen((request) => request.method === 'GET', { kind: 'reset-before', times: 1 });
	expect(await hintsOf({ resource: 'customer', operation: 'getAll', returnAll: true })).toEqual([
		'Retried 1 read after a timeout, a reset or a 5xx answer',
	]);

	double().failWhen((request) => request.body?.name === 'Company 2', { status: 400, body: { detail: 'No' }, times: 1 });
	const parameters = whatsappParameters({ name: '={{ $json.company }}', phoneNumber: '={{ $json.phone }}' });
	const input = items(
		{ company: 'Company 0', phone: '650175178190170' },
		{ company: 'Company 1', phone: 'not a number' },
		{ company: 'Company 2', phone: '650175178190170' },
	);
	expect(await hintsOf(parameters, input, { onError: 'continueRegularOutput' })).toEqual([
		'2 of 3 items failed, 1 refused before sending; each output item carries its error',
	]);
});

it('after a Dry Run: that nothing was sent', async () => {
	expect(await hintsOf(whatsappParameters({ options: { dryRun: true } }), agents(2))).toEqual([
		'Dry Run: 2 requests not sent; each item shows the request the node would have sent',
	]);
	expect(double().state.requests).toHaveLength(0);
});

describe("n8n's log", () => {
	it('a Retry-After not obeyed as sent: endpoint, value, account fingerprint, and no piece of the token', async () => {
		// A hostile server echoes the token as its Retry-After.
		double().failWhen(() => true, tooMany(FAKE_JWT, 1));
		await hintsOf(whatsappParameters());
		const lines = ours();
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(
			/^warn: ContactSwing: POST \/v2\/_new_assistants got Retry-After "\*\*\*", not a wait of over 0 s and at most an hour; .* \(account [0-9a-f]{8}\)$/,
		);
		for (let at = 0; at + 8 <= FAKE_JWT.length; at++) expect(lines[0]).not.toContain(FAKE_JWT.slice(at, at + 8));
	});

	// The line says what really followed: a retry after the backoff, or the request failed (and why).
	it.each([
		{
			when: 'a retry is left',
			options: {},
			followed: 'the node will back off 0\\.[2-5] s instead \\(0\\.5 s doubling, at most 30 s\\), then send it again',
			created: 1,
		},
		{
			when: 'no Rate Limit Retries are left',
			options: { rateLimitRetries: 0 },
			followed:
				"the request failed, as no Rate Limit Retries were left; the node's next requests back off 0\\.[2-5] s instead",
			created: 0,
		},
		{
			when: 'Max Rate Limit Wait is used up',
			options: { maxRateLimitWait: 0 },
			followed:
				"the request failed, as waiting would pass Max Rate Limit Wait; the node's next requests back off 0\\.[2-5] s instead",
			created: 0,
		},
	])('a Retry-After not obeyed when $when: the line says what followed', async ({ options, followed, created }) => {
		double().failWhen(() => true, tooMany('soon', 1));
		await hintsOf(whatsappParameters({ options }), items({}), { onError: 'continueRegularOutput' });
		expect(double().state.assistants).toHaveLength(created);
		const lines = ours();
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(
			new RegExp(`got Retry-After "soon", not a wait of over 0 s and at most an hour; ${followed}`),
		);
		expect(lines[0]).not.toMatch(/backed off/);
	});

	const heldLine =
		/^info: ContactSwing: POST \/v2\/_new_assistants got Retry-After "10": the node holds requests back 10\.0 s for rate limits \(account [0-9a-f]{8}\)$/;

	it('a Retry-After of 10 s: one line with the hold it asked for, though the retry waited a moment less', async () => {
		double().failWhen(() => true, tooMany('10', 1));
		await hintsOf(whatsappParameters());
		expect(double().state.assistants).toHaveLength(1);
		const lines = ours();
		// One line per hold: the retry's own wait under it (from a few milliseconds after the 429) adds none.
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(heldLine);
		expect(lines[0]).not.toContain(FAKE_JWT.slice(0, 8));
	}, 60_000);

	it('a Retry-After of 10 s whose requests fail at once (no retry, 5 s of wait): logged once all the same', async () => {
		// Before, the line came from a request's own wait: with none, a 10 s hold went unlogged.
		double().failWhen(() => true, tooMany('10', 3));
		const options = { rateLimitRetries: 0, maxRateLimitWait: 5 };
		const hints = await hintsOf(whatsappParameters({ name: '={{ $json.company }}', options }), agents(3), {
			onError: 'continueRegularOutput',
		});
		expect(hints.at(-1)).toMatch(/^3 of 3 items failed/);
		expect(double().state.assistants).toHaveLength(0);
		expect(ours()).toEqual([expect.stringMatching(heldLine)]);
	});

	describe('on the simulated clock: one line per hold', () => {
		let clock: SimClock;
		beforeEach(() => {
			clock = new SimClock(0);
			clock.install();
		});
		afterEach(() => clock.uninstall());

		it('a Retry-After extended while on is the same hold, and a wait under it adds nothing; a later hold, or the first long wait after one, gets its own line', () => {
			const report = new ExecutionReport(nodeLogger() as unknown as Logger);
			const create: ApiRequest = { method: 'POST', path: '/v2/_new_assistants' };
			const mask = new TokenMask(FAKE_JWT);
			const limited = (retryAfter: string) =>
				report.limited(create, retryAfter, mask, 'account-key', {
					holdMs: Number(retryAfter) * 1000,
					retriesLeft: true,
					waitLeft: true,
				});
			limited('10'); // a line: 10.0 s
			clock.now = 2_000;
			limited('10'); // another in flight, 2 s on: the same hold, now to 12 s
			clock.now = 12_000;
			report.hold(create, 12_000, mask); // waited since 0, under it
			clock.now = 13_000;
			limited('30'); // a new hold: a line, 30.0 s
			clock.now = 60_000;
			report.hold(create, 15_000, mask); // waited from 45 s, after that hold ended: its own line
			report.hold(create, 9_999, mask);
			// The pace's line: every request behind waits longer, and the run has said it already.
			for (let i = 1; i <= 200; i++) {
				clock.now += 100;
				report.hold(create, 15_000 + 100 * i, mask);
			}
			expect(ours()).toEqual([
				expect.stringMatching(/got Retry-After "10": the node holds requests back 10\.0 s/),
				expect.stringMatching(/got Retry-After "30": the node holds requests back 30\.0 s/),
				expect.stringMatching(
					/^info: ContactSwing: POST \/v2\/_new_assistants waited 15\.0 s for rate limits .*; the run's later waits are not logged one by one$/,
				),
			]);
		});
	});

	it('a path that carries the token (an ID typed or mapped by mistake): masked too', async () => {
		double().failWhen(() => true, tooMany('soon', 1));
		await runNode({
			node: {
				parameters: {
					resource: 'knowledgeBase',
					operation: 'update',
					knowledgeBaseId: FAKE_JWT,
					updateFields: { name: 'Acme FAQ' },
				},
			},
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(double().state.requests.length).toBeGreaterThan(0);
		const lines = ours();
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^warn: ContactSwing: PUT \/v2\/_knowledgebase\/\*\*\* got Retry-After "soon"/);
		for (let at = 0; at + 8 <= FAKE_JWT.length; at++) expect(lines[0]).not.toContain(FAKE_JWT.slice(at, at + 8));
	});
});
