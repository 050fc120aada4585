'use strict';
/**
 * Answers ContactSwing does not document, in a real n8n with active webhook workflows, as users
 * meet them: a redirect to another host, an error that echoes the JWT, a list that never advances,
 * a list far larger than the byte cap, a Knowledge Base upload (from n8n's binary data store), and the limiter staying live (an absurd Retry-After, a Retry-After past the wait budget, a
 * cancelled execution waiting out a Retry-After). One n8n serves them all, as a long-running one
 * would.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const { NODE_TYPE, waitForWebhook } = require('../n8n');
const { waitFor } = require('../wait');
const { CREDENTIAL } = require('../workflows');
const { largeList } = require('../../test/double/large');

const CREATE = {
	resource: 'assistant',
	operation: 'create',
	type: 'WHATSAPP',
	name: '={{ $json.company }} WhatsApp Agent',
	model: 'cw-llm-1',
	instructions: 'Help customers on WhatsApp.',
	phoneNumber: '650175178190170',
	additionalFields: {},
	options: {},
};
const LIST_CUSTOMERS = { resource: 'customer', operation: 'getAll', returnAll: true, simplify: true, options: {} };
const UPLOAD = {
	resource: 'knowledgeBase',
	operation: 'update',
	knowledgeBaseId: 'kb-1',
	updateFields: { files: 'data' },
};
/**
 * A second ContactSwing credential (another token): another account for the limiter, which is
 * shared by the whole n8n process, so that the hold of one step's Retry-After 121 does not reach
 * the next step. Every answer in that step is scripted, so the double never checks its token.
 */
const OTHER_ACCOUNT = { id: 'cs-e2e-other', name: 'ContactSwing e2e, another account' };

/**
 * Webhook (the body's `items`, split into items) → ContactSwing, On Error → Continue: the webhook
 * answers with the node's output once it has run, or at once with `respondAtOnce`.
 */
function webhookWorkflow(
	id,
	webhookPath,
	parameters,
	{ respondAtOnce = false, credential = CREDENTIAL, toFile = false } = {},
) {
	const node = (name, type, typeVersion, x, nodeParameters, extra = {}) => ({
		id: `${id}-${x}`,
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters: nodeParameters,
		...extra,
	});
	return {
		id,
		name: `Hostile answers: ${webhookPath}`,
		nodes: [
			node(
				'Webhook',
				'n8n-nodes-base.webhook',
				2,
				0,
				{
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: respondAtOnce ? 'onReceived' : 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
				{ webhookId: `${id}-hook` },
			),
			node('Split Out', 'n8n-nodes-base.splitOut', 1, 200, { fieldToSplitOut: 'body.items', options: {} }),
			// Each item's `text` as a file in its binary field `data`, kept where n8n keeps binary data.
			...(toFile
				? [
						node('Convert to File', 'n8n-nodes-base.convertToFile', 1.1, 300, {
							operation: 'toText',
							sourceProperty: 'text',
							options: { fileName: 'guide.txt' },
						}),
					]
				: []),
			node('ContactSwing', NODE_TYPE, 1, 400, parameters, {
				onError: 'continueRegularOutput',
				credentials: { contactSwingApi: credential },
			}),
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: toFile ? 'Convert to File' : 'ContactSwing', type: 'main', index: 0 }]] },
			...(toFile ? { 'Convert to File': { main: [[{ node: 'ContactSwing', type: 'main', index: 0 }]] } } : {}),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

const WORKFLOWS = [
	webhookWorkflow('e2eHostileCrt1', 'hostile-create', CREATE),
	webhookWorkflow('e2eHostileLst1', 'hostile-list', LIST_CUSTOMERS),
	webhookWorkflow('e2eHostileBg01', 'hostile-background', CREATE, { respondAtOnce: true, credential: OTHER_ACCOUNT }),
	webhookWorkflow('e2eHostileUpl1', 'hostile-upload', UPLOAD, { toFile: true }),
];

/** A listener on another host (127.0.0.2) that counts the connections it gets. */
async function otherHost() {
	let connections = 0;
	const listener = net.createServer((socket) => {
		connections++;
		socket.destroy();
	});
	await new Promise((resolve) => listener.listen(0, '127.0.0.2', resolve));
	return {
		url: `http://127.0.0.2:${listener.address().port}`,
		connections: () => connections,
		close: () => new Promise((resolve) => listener.close(resolve)),
	};
}

module.exports = {
	name: 'hostile answers and a limiter that stays live, on active webhook workflows',
	async run({ record, assert, equal, double, userFolder, JWT }) {
		const n8n = await userFolder({ workflows: WORKFLOWS });
		const otherAccount = path.join(n8n.folder, 'other-account.json');
		fs.writeFileSync(
			otherAccount,
			JSON.stringify([{ ...OTHER_ACCOUNT, type: 'contactSwingApi', data: { token: `${JWT}2`, baseUrl: double.url } }]),
		);
		const imported = await n8n.run(['import:credentials', `--input=${otherAccount}`]);
		assert(imported.status === 0, `n8n import:credentials failed: ${imported.stderr.slice(-1500)}`);
		for (const { id } of WORKFLOWS) await n8n.activate(id);
		const server = await n8n.start();
		const other = await otherHost();
		try {
			for (const { nodes } of WORKFLOWS) await waitForWebhook(server.base, nodes[0].parameters.path);
			/** Calls a workflow's production webhook with these items; the node's output items, and how long it took. */
			const call = async (webhookPath, items) => {
				const started = Date.now();
				const response = await fetch(`${server.base}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ items }),
				});
				const text = await response.text();
				assert(response.ok, `webhook ${webhookPath} answered ${response.status}: ${text.slice(0, 500)}`);
				return { output: JSON.parse(text), text, ms: Date.now() - started };
			};
			const jwtPieces = Array.from({ length: JWT.length - 15 }, (_, i) => JWT.slice(i, i + 16));

			double.reset();
			double.failWhen(() => true, { status: 307, headers: { location: `${other.url}/steal` } });
			const redirected = await call('hostile-create', [{ company: 'Redirected Ltd' }]);
			record('a 307 to another host: nothing reaches it, and the item names the redirect', () => {
				equal(other.connections(), 0, 'connections to the other host');
				equal(
					redirected.output.map((item) => item.error),
					[`ContactSwing answered 307, a redirect to ${other.url}, and the node follows no redirects [item 0]`],
					'the item',
				);
			});

			double.reset();
			double.failWhen(() => true, {
				respond: (request) => ({
					status: 400,
					body: { detail: `${'x'.repeat(150)} bad ${request.authorization}`, echo: request.authorization },
				}),
			});
			const echoed = await call('hostile-create', [{ company: 'Echo Ltd' }]);
			record('a 400 that echoes the Authorization header: no 16 characters of the JWT in what the node outputs', () => {
				assert(
					/^ContactSwing answered 400: x+/.test(echoed.output[0]?.error),
					`the item: ${echoed.text.slice(0, 300)}`,
				);
				for (const piece of jwtPieces) assert(!echoed.text.includes(piece), `part of the JWT is in ${echoed.text}`);
			});

			double.reset();
			double.failWhen((request) => request.path === '/v2/_customers', {
				status: 200,
				body: { data: { data: [{ id: 'cus-1', name: 'Ada' }], pagination: { has_next: true } } },
			});
			const looped = await call('hostile-list', [{}]);
			record(
				'Customer → Get Many, Return All, a list that never advances: ends within a minute, with the reason',
				() => {
					assert(looped.ms < 60_000, `took ${looped.ms} ms`);
					assert(
						/^ContactSwing's list \/v2\/_customers did not advance at page 2/.test(looped.output[0]?.error),
						`the item: ${looped.text.slice(0, 300)}`,
					);
					equal(double.state.requests.length, 2, 'pages read');
				},
			);

			double.reset();
			double.failWhen((request) => request.path === '/v2/_customers', largeList({ pages: 1000 }));
			const huge = await call('hostile-list', [{}]);
			double.reset();
			const listedAfter = await call('hostile-list', [{}]);
			record(
				'Customer → Get Many, Return All, 1,000 pages of 5 MB: the item stops at the byte cap, n8n stays up, and the next execution lists',
				() => {
					assert(
						/^ContactSwing's list \/v2\/_customers is too large to output: .* passed 128 MB, the most the node keeps/.test(
							huge.output[0]?.error,
						),
						`the item: ${huge.text.slice(0, 300)}`,
					);
					assert(huge.ms < 60_000, `took ${huge.ms} ms`);
					equal(listedAfter.output.length, 25, 'customers listed by the next execution');
				},
			);

			double.reset();
			const texts = Array.from({ length: 3 }, (_, i) => `Guide ${i}: ${'é and ✓ '.repeat(1000 * (i + 1))}`);
			const uploaded = await call(
				'hostile-upload',
				texts.map((text) => ({ text })),
			);
			record(
				"Knowledge Base → Update uploads files from n8n's binary data: the double receives each file byte for byte",
				() => {
					equal(
						uploaded.output.map((item) => item.error ?? item.id),
						['kb-1', 'kb-1', 'kb-1'],
						'the items',
					);
					// Two uploads go at once: the double may receive them in either order.
					const files = double.state.requests.map((request) => request.body?.files?.[0]);
					equal(files.map((file) => file?.text).sort(), [...texts].sort(), 'the files received');
					equal(
						files.map((file) => file?.filename),
						['guide.txt', 'guide.txt', 'guide.txt'],
						'their names',
					);
				},
			);

			double.reset();
			double.failWhen(() => true, {
				status: 429,
				body: { detail: 'Too many requests' },
				headers: { 'retry-after': '1e308' },
				times: 1,
			});
			const absurd = await call('hostile-create', [{ company: 'Absurd Ltd' }]);
			const next = await call('hostile-create', [{ company: 'Next Ltd' }]);
			record(
				'a 429 with Retry-After 1e308, then the API recovers: the next execution creates within a few seconds',
				() => {
					assert(absurd.output[0]?.assistant_id, `the first item: ${absurd.text.slice(0, 300)}`);
					assert(next.output[0]?.assistant_id, `the next item: ${next.text.slice(0, 300)}`);
					assert(next.ms < 5000, `the next execution took ${next.ms} ms`);
				},
			);

			double.reset();
			double.failWhen(() => true, {
				status: 429,
				body: { detail: 'Too many requests' },
				headers: { 'retry-after': '121' },
			});
			const thirty = Array.from({ length: 30 }, (_, i) => ({ company: `Busy ${i}` }));
			const held = await call('hostile-create', thirty);
			record(
				'30 items all answered 429 with Retry-After 121 s: the execution ends well within a minute, every item failed with a message',
				() => {
					assert(held.ms < 60_000, `took ${held.ms} ms`);
					equal(held.output.length, 30, 'items');
					for (const item of held.output)
						assert(
							/^ContactSwing (rate-limited this request|is rate-limiting)/.test(item.error),
							`an item: ${JSON.stringify(item)}`,
						);
				},
			);

			double.reset();
			double.failWhen(() => true, {
				status: 429,
				body: { detail: 'Too many requests' },
				headers: { 'retry-after': '60' },
			});
			await call('hostile-background', [{ company: 'Waiting Ltd' }]);
			await waitFor(
				'the background create to be answered 429',
				async () => double.state.requests.some((r) => r.status === 429),
				{
					timeoutMs: 30_000,
				},
			);
			const filter = encodeURIComponent(JSON.stringify({ workflowId: 'e2eHostileBg01' }));
			const running = await waitFor(
				'the background execution to be listed as running',
				async () =>
					(await server.get(`/rest/executions?filter=${filter}&limit=10`)).data.results.find(
						(execution) => execution.status === 'running',
					),
				{ timeoutMs: 30_000 },
			);
			const stoppedAt = Date.now();
			await server.post(`/rest/executions/${running.id}/stop`, {});
			const ended = await waitFor(
				'the cancelled execution to end',
				async () => {
					const { data } = await server.get(`/rest/executions?filter=${filter}&limit=10`);
					const execution = data.results.find((candidate) => candidate.id === running.id);
					return execution && !['new', 'running', 'waiting'].includes(execution.status) && execution;
				},
				{ timeoutMs: 60_000 },
			);
			const stopMs = Date.now() - stoppedAt;
			record('cancelling an execution that waits out a Retry-After of 60 s: it stops within seconds', () => {
				assert(stopMs < 10_000, `it ended ${stopMs} ms after the stop (status ${ended.status})`);
				equal(double.state.requests.length, 1, 'requests sent');
			});
		} finally {
			await other.close();
			await server.stop();
		}
	},
};
