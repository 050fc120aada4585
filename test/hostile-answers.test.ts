/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- a second listener, real clocks and memory figures: test code, never shipped */
/**
 * Answers ContactSwing does not document, but a real API, a proxy or a bad deploy can send: each
 * one ends in output or a clear error, never a leak, a loop, a lost record or a crashed engine.
 * One test per case of the issue "Every answer handled"; the hostile-server property test
 * (hostile-server.test.ts) then covers the whole class.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { loadOptions, runNode, testCredential } from './harness/engine';
import type { Double } from './harness/fixtures';
import { credentialsFor, FAKE_JWT, items, until, useDouble, whatsappParameters } from './harness/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the double is plain JavaScript
const { seedCustomers } = require('./double/contract') as {
	seedCustomers: (count: number) => Double['state']['customers'];
};

const double = useDouble();

/** Every run of `FAKE_JWT` of 16 characters: none may appear anywhere the user can see. */
const jwtPieces = Array.from({ length: FAKE_JWT.length - 15 }, (_, i) => FAKE_JWT.slice(i, i + 16));
const expectNoJwt = (value: unknown) => {
	const text = JSON.stringify(value);
	for (const piece of jwtPieces) expect(text).not.toContain(piece);
};

/** A listener that counts the connections it gets: the other host a redirect points at. */
async function otherHost() {
	let connections = 0;
	const server = http.createServer((_req, res) => res.end('{"data": {"assistant_id": "stolen"}}'));
	server.on('connection', () => connections++);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		connections: () => connections,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const runCreate = (parameters: INodeParameters = whatsappParameters(), onError = 'continueRegularOutput') =>
	runNode({
		node: { parameters, onError: onError as 'continueRegularOutput' },
		items: items({}),
		credentials: credentialsFor(double()),
	});

describe('a redirect is never followed', () => {
	it.each([301, 302, 303, 307, 308])(
		'%s to another host: nothing goes there, the item names the redirect',
		async (status) => {
			const other = await otherHost();
			try {
				double().failWhen(() => true, { status, headers: { location: `${other.url}/steal?x=1` } });
				const { outputs } = await runCreate();
				expect(outputs[0][0].json).toEqual({
					error: `ContactSwing answered ${status}, a redirect to ${other.url}, and the node follows no redirects [item 0]`,
					message: expect.stringContaining("Check the credential's Base URL"),
				});
				expect(other.connections()).toBe(0);
				expect(double().state.requests).toHaveLength(1);
			} finally {
				await other.close();
			}
		},
	);

	it('to an address that holds the token: the message names no host (the URL parser would show it lower-cased)', async () => {
		double().failWhen(() => true, { status: 302, headers: { location: `https://${FAKE_JWT}.example.com/x` } });
		const { outputs } = await runCreate();
		expect(outputs[0][0].json.error).toBe(
			'ContactSwing answered 302, a redirect to an address that holds the token, and the node follows no redirects [item 0]',
		);
		const shown = JSON.stringify(outputs).toLowerCase();
		for (const piece of jwtPieces) expect(shown).not.toContain(piece.toLowerCase());
	});

	it("the credential's Test does not follow it either, and says why", async () => {
		const other = await otherHost();
		try {
			double().failWhen(() => true, { status: 307, headers: { location: `${other.url}/steal` } });
			const result = await testCredential(credentialsFor(double()));
			expect(result.status).toBe('Error');
			expect(other.connections()).toBe(0);
			expectNoJwt(result);
		} finally {
			await other.close();
		}
	});
});

describe('the JWT is masked before any text is cut', () => {
	const leaks: Array<[string, object]> = [
		[
			'a 400 that echoes the header near the cut',
			{ status: 400, body: { echo: `${'x'.repeat(129)} Bearer ${FAKE_JWT}` } },
		],
		['a 400 detail that echoes it near the cut', { status: 400, body: { detail: `${'x'.repeat(180)} ${FAKE_JWT}` } }],
		['an HTML 502 that echoes it near the cut', { status: 502, body: `<html>${'x'.repeat(170)} ${FAKE_JWT}</html>` }],
		['a 201 that is not JSON', { status: 201, raw: `{"t": "${'x'.repeat(160)} ${FAKE_JWT}` }],
		['an answer that echoes only part of it', { status: 400, body: { detail: `token ${FAKE_JWT.slice(3, 40)}…` } }],
		['an answer that echoes 16 characters of it', { status: 400, body: { detail: `token ${FAKE_JWT.slice(5, 21)}…` } }],
	];

	it.each(leaks)('%s: no 16 characters of it in the error, either On Error mode', async (_case, fault) => {
		for (const onError of ['continueRegularOutput', 'continueErrorOutput', 'stopWorkflow']) {
			double().reset();
			double().failWhen(() => true, fault);
			const result = await runCreate(whatsappParameters(), onError);
			const shown = onError === 'stopWorkflow' ? result.error : result.outputs.flat()[0].json;
			expect(shown).toBeDefined();
			expectNoJwt(shown);
			expectNoJwt(result.outputs);
		}
	});

	it('a success that echoes it: the output carries *** in its place (found by the hostile-server test)', async () => {
		double().failWhen(() => true, {
			respond: (request) => ({
				status: 201,
				body: { ctx_id: 'c', data: { assistant_id: 'a-1', name: 'Acme', debug: `seen ${request.authorization}` } },
			}),
		});
		const { outputs } = await runCreate();
		expect(outputs[0][0].json).toEqual({ assistant_id: 'a-1', name: 'Acme', debug: 'seen Bearer ***', ctx_id: 'c' });
	});

	it.each([
		[
			'\\u escapes',
			(c: string, i: number) => (i % 8 === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c),
		],
		['\\/ for every "/"', (c: string) => (c === '/' ? '\\/' : c)],
	])(
		'a success that echoes it spelt with JSON %s: the output carries *** in its place (found by the adversarial review)',
		async (_case, spell) => {
			// A token with a "/" every 10 characters: on the wire, \\/ leaves no 15 of them in a row.
			const token = FAKE_JWT.replace(/.{10}/g, '$&/');
			double().failWhen(() => true, {
				status: 201,
				raw: `{"ctx_id":"c","data":{"assistant_id":"a-1","debug":"seen ${[...token].map(spell).join('')}"}}`,
			});
			const { outputs } = await runNode({
				node: { parameters: whatsappParameters() },
				items: items({}),
				credentials: credentialsFor(double(), token),
			});
			expect(outputs[0][0].json).toEqual({ assistant_id: 'a-1', debug: 'seen ***', ctx_id: 'c' });
		},
	);

	it('a huge detail is cut: the message stays short', async () => {
		// 4 MB: under the 5 MB the node reads at most (a 10 MB answer is refused unread, see below).
		double().failWhen(() => true, { status: 400, body: { detail: 'y'.repeat(4 * 1024 * 1024) } });
		const { outputs } = await runCreate();
		const { error } = outputs[0][0].json as { error: string };
		expect(error.startsWith(`ContactSwing answered 400: ${'y'.repeat(200)}…`)).toBe(true);
		expect(error.length).toBeLessThan(260);
	});
});

const customerList = (parameters: INodeParameters = {}) => ({
	resource: 'customer',
	operation: 'getAll',
	returnAll: true,
	...parameters,
});

describe('pagination always ends and never loses a record', () => {
	const sameRecordForEver = (pagination: object) => ({
		status: 200,
		body: { data: { data: [{ id: 'cus-1', name: 'Ada' }], pagination } },
	});

	it.each([
		['has_next is always true', { has_next: true }],
		['total_pages is 1e9', { current_page: 1, per_page: 100, total_pages: 1e9 }],
		['total_records is never reached', { current_page: 1, per_page: 100, total_records: 1e6 }],
	])('Return All stops with an error when %s and the page never changes', async (_case, pagination) => {
		double().failWhen((r) => r.path === '/v2/_customers', sameRecordForEver(pagination));
		const { outputs } = await runCreate(customerList());
		expect(outputs[0]).toEqual([
			{
				json: {
					error:
						"ContactSwing's list /v2/_customers did not advance at page 2: it brought 1 records, none new, and said more would follow (1 received) [item 0]",
					message: expect.stringContaining('Set a Limit'),
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(double().state.requests).toHaveLength(2);
	});

	it('Limit gives distinct records: a server that ignores the page gives an error, not copies', async () => {
		double().state.customers = seedCustomers(300);
		double().failWhen((r) => r.path === '/v2/_customers', {
			respond: () => ({
				status: 200,
				body: {
					data: {
						data: double().state.customers.slice(0, 100),
						pagination: { current_page: 1, per_page: 100, total_records: 300 },
					},
				},
			}),
		});
		const { outputs } = await runCreate(customerList({ returnAll: false, limit: 250 }));
		expect(outputs[0]).toHaveLength(1);
		expect(outputs[0][0].json.error).toMatch(/did not advance at page 2/);
	});

	it('counts the records received, not pages × the size it asked for: 130 customers served 20 a page', async () => {
		double().state.customers = seedCustomers(130);
		double().configure({ servePerPage: 20 });
		const { outputs, error } = await runCreate(customerList({ simplify: false }));
		expect(error).toBeUndefined();
		expect(outputs[0]).toHaveLength(130);
		expect(new Set(outputs[0].map((item) => item.json.id)).size).toBe(130);
		expect(double().state.requests).toHaveLength(7);
	});

	it('the customer search pages through them too, by the page size the server reports', async () => {
		double().state.customers = seedCustomers(130);
		double().configure({ servePerPage: 20 });
		const found: unknown[] = [];
		let token: string | undefined;
		do {
			const page = (await loadOptions(
				'searchCustomers',
				{ node: { parameters: { resource: 'customer', operation: 'update' } }, credentials: credentialsFor(double()) },
				'',
				token,
			)) as { results: unknown[]; paginationToken?: string };
			found.push(...page.results);
			token = page.paginationToken;
		} while (token);
		expect(found).toHaveLength(130);
	});

	it('stops at the page cap of 1,000 pages with the number in the message', async () => {
		let page = 0;
		double().failWhen((r) => r.path === '/v2/_customers', {
			respond: () => ({
				status: 200,
				body: { data: { data: [{ id: `cus-${++page}` }], pagination: { has_next: true } } },
			}),
		});
		const { outputs } = await runCreate(customerList());
		expect(outputs[0][0].json.error).toBe(
			"ContactSwing's list /v2/_customers still had more after 1000 pages (1000 records); the node stops there [item 0]",
		);
		expect(double().state.requests).toHaveLength(1000);
	}, 60_000);

	it('the Actions dropdown stops too, at once, with the figures', async () => {
		double().failWhen((r) => r.path === '/v2/_actions', sameRecordForEver({ has_next: true }));
		await expect(
			loadOptions('getActions', { node: { parameters: whatsappParameters() }, credentials: credentialsFor(double()) }),
		).rejects.toMatchObject({
			message: expect.stringMatching(/^ContactSwing's list \/v2\/_actions did not advance at page 2/),
		});
		expect(double().state.requests).toHaveLength(2);
	});
});

describe('every record is a plain object, or the item fails with a clear message', () => {
	const oddRecords: Array<[string, unknown]> = [
		['null', null],
		['a number', 5],
		['a string', 'x'],
		['a list', [1, 2]],
	];

	it.each(oddRecords)(
		'a record that is %s fails only its item, in both On Error modes and either Simplify',
		async (kind, odd) => {
			for (const onError of ['continueRegularOutput', 'continueErrorOutput']) {
				for (const simplify of [true, false]) {
					double().reset();
					double().failWhen((r) => r.path === '/v2/_customers' && r.query.page === '1', {
						status: 200,
						body: { data: { data: [{ id: 'ok' }, odd], pagination: { total_records: 2 } } },
					});
					const { outputs, error } = await runNode({
						node: { parameters: customerList({ simplify }), onError: onError as 'continueRegularOutput' },
						items: items({ first: 1 }, { second: 2 }),
						credentials: credentialsFor(double()),
					});
					expect(error).toBeUndefined();
					const failed = onError === 'continueErrorOutput' ? outputs[1] : outputs[0].filter((item) => item.json.error);
					// The first item read the odd list; the second item read it too (the fault answers every page 1).
					expect(failed.map((item) => [item.json.error, item.pairedItem])).toEqual(
						[0, 1].map((item) => [
							`ContactSwing's answer could not be read: record 2 of page 1 of /v2/_customers is ${kind === 'a list' ? 'a list' : kind === 'null' ? 'null' : `a ${typeof odd}`}, not an object [item ${item}]`,
							{ item },
						]),
					);
					for (const item of outputs.flat()) expect(typeof item.json).toBe('object');
				}
			}
		},
	);

	it.each([
		['data is null', { data: null }],
		['no data at all', { ok: true }],
		['data.data is an object', { data: { data: { id: 1 } } }],
		['data.data is a string', { data: { data: 'oops', pagination: {} } }],
	])('a list answer whose %s is an error, not an empty success', async (_case, body) => {
		double().failWhen((r) => r.path === '/v2/_customers', { status: 200, body });
		const { outputs } = await runCreate(customerList());
		expect(outputs[0][0].json.error).toMatch(
			/^ContactSwing's answer could not be read: page 1 of \/v2\/_customers holds no list of records \(data\.data is .+\) \[item 0\]$/,
		);
	});

	it('the customer search skips records that are not objects or have no ID', async () => {
		double().failWhen((r) => r.path === '/v2/_customers', {
			status: 200,
			body: {
				data: {
					data: [null, { id: 'cus-1', name: 'Ada' }, 7, { name: 'No ID' }],
					pagination: { total_records: 4 },
				},
			},
		});
		const result = await loadOptions(
			'searchCustomers',
			{ node: { parameters: { resource: 'customer', operation: 'update' } }, credentials: credentialsFor(double()) },
			'',
		);
		expect(result).toEqual({ results: [{ name: 'Ada', value: 'cus-1' }], paginationToken: undefined });
	});
});

describe('the Timeout covers the whole answer, and no answer is read past 5 MB', () => {
	it('a body that trickles for ever ends at the Timeout', async () => {
		double().failWhen(() => true, { kind: 'trickle', status: 201, everyMs: 100 });
		const started = Date.now();
		const { outputs } = await runCreate(whatsappParameters({ options: { timeout: 2 } }));
		const took = Date.now() - started;
		expect(outputs[0][0].json).toEqual({
			error: 'No response from ContactSwing: no answer within 2 s [item 0]',
			message: expect.stringContaining('The outcome is unknown'),
		});
		// The Timeout bounds it: not the 12 s and more it used to run.
		expect(took).toBeLessThan(6000);
		// The node has gone away: the double's answer is closed.
		await until(() => double().state.trickleClosed === 1);
	});

	it('an answer that starts after the Timeout is closed unread, not left open', async () => {
		double().failWhen(() => true, { kind: 'trickle', status: 201, everyMs: 100, delayMs: 1500 });
		const { outputs } = await runCreate(whatsappParameters({ options: { timeout: 1 } }));
		expect(outputs[0][0].json.error).toBe('No response from ContactSwing: no answer within 1 s [item 0]');
		// Its headers come half a second after the node gave up; then it trickles until the node closes it.
		await until(() => double().state.trickleClosed === 1);
	});

	it('an answer that starts after the execution was cancelled is closed unread, not left open', async () => {
		double().failWhen(() => true, { kind: 'trickle', status: 201, everyMs: 100, delayMs: 500 });
		await runNode({
			node: { parameters: whatsappParameters() },
			items: items({}),
			credentials: credentialsFor(double()),
			onStart: ({ cancel }) => void until(() => double().state.requests.length === 1).then(cancel),
		});
		await until(() => double().state.trickleClosed === 1);
	});

	it('a 50 MB answer to a create is refused unread, with the limit in the message', async () => {
		double().failWhen(() => true, { status: 201, body: Buffer.alloc(50 * 1024 * 1024, 'x') });
		const before = process.memoryUsage().rss;
		const { outputs } = await runCreate();
		expect(outputs[0][0].json).toEqual({
			error:
				'ContactSwing answered 201 but the response could not be read (an answer larger than 5 MB, not read) [item 0]',
			message: expect.stringContaining('probably carried out'),
		});
		// What the node kept is bounded by the 5 MB it reads, not the 50 MB sent (the double's own buffer aside).
		expect(process.memoryUsage().rss - before).toBeLessThan(120 * 1024 * 1024);
	});

	it('the limit is 5 MB exactly: an answer of 5 MB is read, one a byte longer is refused', async () => {
		const answerOf = (bytes: number) => {
			const [head, tail] = ['{"ctx_id":"c","data":{"assistant_id":"a-1","notes":"', '"}}'];
			return Buffer.from(`${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`);
		};
		double().failWhen(() => true, { status: 201, body: answerOf(5 * 1024 * 1024), times: 1 });
		const read = await runCreate();
		expect(read.outputs[0][0].json).toMatchObject({ assistant_id: 'a-1', ctx_id: 'c' });
		double().failWhen(() => true, { status: 201, body: answerOf(5 * 1024 * 1024 + 1), times: 1 });
		const refused = await runCreate();
		expect(refused.outputs[0][0].json.error).toBe(
			'ContactSwing answered 201 but the response could not be read (an answer larger than 5 MB, not read) [item 0]',
		);
	});

	it('a 50 MB error answer still gives its status', async () => {
		double().failWhen(() => true, { status: 500, body: Buffer.alloc(50 * 1024 * 1024, 'x') });
		const { outputs } = await runCreate();
		expect(outputs[0][0].json.error).toBe('ContactSwing answered 500: an answer larger than 5 MB, not read [item 0]');
	});
});

describe('path parameters cannot change the endpoint', () => {
	it.each([
		[
			'Make Call with agent ID ".."',
			{ resource: 'call', operation: 'makeCall', agentId: '..', phoneNumber: '+1234567890' },
			'"Agent ID" cannot be "." or ".." (it is ".."): either would change which endpoint is called [item 0]',
		],
		[
			'Customer → Update with ID ".." (By ID)',
			{
				resource: 'customer',
				operation: 'update',
				customerId: { __rl: true, mode: 'id', value: '..' },
				updateFields: { name: 'Ada' },
			},
			'"Customer" cannot be "." or ".." (it is ".."): either would change which endpoint is called [item 0]',
		],
		[
			'Knowledge Base → Update with ID "." from an expression',
			{ resource: 'knowledgeBase', operation: 'update', knowledgeBaseId: '={{ "." }}', updateFields: { name: 'KB' } },
			'"Knowledge Base ID" cannot be "." or ".." (it is "."): either would change which endpoint is called [item 0]',
		],
	])('%s is refused before anything is sent', async (_case, parameters, message) => {
		const { error } = await runNode({
			node: { parameters: parameters as INodeParameters },
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toBe(message);
		expect(double().state.requests).toHaveLength(0);
	});

	it('any other character of an ID is encoded: "/", "?" and "#" stay inside their path segment', async () => {
		await runNode({
			node: {
				parameters: { resource: 'call', operation: 'makeCall', agentId: 'a/b?c#d', phoneNumber: '+1234567890' },
			},
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(double().state.requests.map((r) => r.path)).toEqual(['/v2/_voicecalls/a%2Fb%3Fc%23d/makeCall']);
	});
});

describe('Knowledge Base → Update', () => {
	const file = (mimeType: string): INodeExecutionData => ({
		json: {},
		binary: { data: { data: Buffer.from('file contents').toString('base64'), mimeType, fileName: 'a.txt' } },
	});
	// Input Binary Field(s) (`files`) at the top level, the rest under Update Fields.
	const update = ({ files, ...updateFields }: INodeParameters, input: INodeExecutionData[] = items({})) =>
		runNode({
			node: {
				parameters: { resource: 'knowledgeBase', operation: 'update', knowledgeBaseId: 'kb-1', files, updateFields },
			},
			items: input,
			credentials: credentialsFor(double()),
		});

	it('a MIME type that would add a header is sent as application/octet-stream', async () => {
		const { error } = await update({ name: 'Docs', files: 'data' }, [
			file('text/plain\r\nContent-Disposition: form-data; name="name"'),
		]);
		expect(error).toBeUndefined();
		const [request] = double().state.requests;
		expect(request.body.fields).toEqual({ name: ['Docs'] });
		expect(request.body.files).toEqual([
			expect.objectContaining({ field: 'files', contentType: 'application/octet-stream', text: 'file contents' }),
		]);
	});

	it('a valid MIME type with parameters is kept', async () => {
		await update({ files: 'data' }, [file('text/plain; charset=utf-8')]);
		expect(double().state.requests[0].body.files[0].contentType).toBe('text/plain; charset=utf-8');
	});

	it('sends Extra Body as form fields, alone or with the other fields', async () => {
		await update({ name: 'Docs', extraBody: '{"description": "Guides", "tags": ["a", "b"]}' });
		await update({ extraBody: { description: 'Only this' } });
		expect(double().state.requests.map((r) => r.body.fields)).toEqual([
			{ name: ['Docs'], description: ['Guides'], 'tags[]': ['a', 'b'] },
			{ description: ['Only this'] },
		]);
	});
});

describe('ranges hold at run time for values from expressions', () => {
	it.each([
		[
			'Temperature',
			{ agentOpenAi: { temperature: '={{ 7 }}' } },
			'"Agent (OpenAI)" → "Temperature" must be a number from 0 to 2, but it is 7',
		],
		[
			'Backchannel Probability',
			{ agentOpenAi: { backchannelProbability: '={{ 3 }}' } },
			'"Agent (OpenAI)" → "Backchannel Probability" must be a number from 0 to 1, but it is 3',
		],
	])('%s out of range is refused, naming the field', async (_case, additionalFields, message) => {
		const { error } = await runNode({
			node: {
				parameters: {
					resource: 'assistant',
					operation: 'create',
					type: 'VOICE_INCOMING',
					name: 'Voice',
					model: 'cw-llm-1',
					instructions: 'Answer calls.',
					additionalFields,
				},
			},
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toBe(`${message} [item 0]`);
		expect(double().state.requests).toHaveLength(0);
	});
});

describe('the token is trimmed, as the Base URL is', () => {
	const padded = { token: `  ${FAKE_JWT}\n`, baseUrl: '' };

	it('by the node', async () => {
		const { outputs, error } = await runNode({
			node: { parameters: whatsappParameters() },
			items: items({}),
			credentials: { ...padded, baseUrl: double().url },
		});
		expect(error).toBeUndefined();
		expect(outputs[0][0].json.assistant_id).toBeDefined();
		expect(double().state.requests[0].authorization).toBe(`Bearer ${FAKE_JWT}`);
	});

	it("by the credential's Test", async () => {
		const result = await testCredential({ ...padded, baseUrl: double().url });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(double().state.requests[0].authorization).toBe(`Bearer ${FAKE_JWT}`);
	});
});

describe('dropdowns give up soon', () => {
	it('the Actions dropdown fails within about 15 s against a server that never answers, once', async () => {
		double().failWhen(() => true, { kind: 'slow', delayMs: 60_000 });
		const started = Date.now();
		await expect(
			loadOptions('getActions', { node: { parameters: whatsappParameters() }, credentials: credentialsFor(double()) }),
		).rejects.toMatchObject({ message: 'No response from ContactSwing: no answer within 15 s' });
		expect(Date.now() - started).toBeLessThan(25_000);
		expect(double().state.requests).toHaveLength(1);
	}, 40_000);
});
