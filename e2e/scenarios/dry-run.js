'use strict';
/**
 * Dry Run and the execution hints in a stored execution: an active workflow, called on its
 * production webhook, places a call with Dry Run on (nothing is sent; the item is the request it
 * would have sent), then lists every call (two pages, the first one rate-limited once). What n8n
 * stored for the execution carries each node's hints in its run data.
 */
const path = require('node:path');

const { waitForWebhook } = require('../n8n');
const { waitFor } = require('../wait');
const { CREDENTIAL } = require('../workflows');

const WORKFLOW = 'e2eDryRunHints1';
const WEBHOOK = 'e2e-dry-run-hints';

function dryRunWorkflow() {
	const node = (name, position, parameters) => ({
		id: `${WORKFLOW}-${name.length}`,
		name,
		type: 'n8n-nodes-contactswing.contactSwing',
		typeVersion: 1,
		position,
		parameters,
		credentials: { contactSwingApi: CREDENTIAL },
	});
	return {
		id: WORKFLOW,
		name: 'Dry Run and hints',
		nodes: [
			{
				id: `${WORKFLOW}-hook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'c1d2e3f4-e2e0-4d00-8000-0000000000d1',
				parameters: { httpMethod: 'POST', path: WEBHOOK, options: {} },
			},
			node('Call the lead', [200, 0], {
				resource: 'call',
				operation: 'start',
				phoneNumber: '={{ $json.body.phone }}',
				agentId: 'agent_123',
				additionalFields: {},
				options: { dryRun: true },
			}),
			node('List calls', [400, 0], {
				resource: 'call',
				operation: 'getAll',
				returnAll: true,
				simplify: true,
				options: {},
			}),
		],
		connections: {
			Webhook: { main: [[{ node: 'Call the lead', type: 'main', index: 0 }]] },
			'Call the lead': { main: [[{ node: 'List calls', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

module.exports = {
	name: 'Dry Run and the execution hints, in a stored execution',
	async run({ host, record, assert, equal, double, userFolder, JWT }) {
		const n8n = await userFolder({ workflows: [dryRunWorkflow()] });
		await n8n.activate(WORKFLOW);
		const server = await n8n.start();
		try {
			await waitForWebhook(server.base, WEBHOOK);
			double.reset();
			double.failWhen((request) => request.method === 'GET', {
				status: 429,
				body: { detail: 'Too many requests' },
				headers: { 'retry-after': '1' },
				times: 1,
			});
			const response = await fetch(`${server.base}/webhook/${WEBHOOK}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ phone: '+13465842882' }),
			});
			assert(response.ok, `webhook answered ${response.status}`);
			let statuses = [];
			const [execution] = await waitFor(
				'the execution to finish',
				async () => {
					const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW }));
					const { data } = await server.get(`/rest/executions?filter=${filter}&limit=10`);
					statuses = data.results.map((result) => result.status);
					const done = data.results.filter((result) => !['new', 'running', 'waiting'].includes(result.status));
					return done.length > 0 && done;
				},
				{ timeoutMs: 60_000, everyMs: 250, seen: () => statuses },
			);
			const stored = (await server.get(`/rest/executions/${execution.id}`)).data;
			const { runData } = require(path.join(host.dir, 'node_modules/flatted')).parse(stored.data).resultData;
			const hints = (name) => (runData[name]?.[0]?.hints ?? []).map((hint) => hint.message);
			const output = (name) => runData[name]?.[0]?.data?.main?.[0]?.map((item) => item.json) ?? [];

			record('Dry Run: nothing is sent, the item is the request it would have sent, and the hint says so', () => {
				equal(execution.status, 'success', 'the execution');
				equal(
					double.state.requests.filter((r) => r.method !== 'GET').length,
					0,
					'requests other than reads the double received',
				);
				equal(
					output('Call the lead'),
					[
						{
							dry_run: true,
							request: {
								method: 'POST',
								path: '/v2/_call',
								query: {},
								body: { phone_number: '+13465842882', agent_id: 'agent_123' },
							},
						},
					],
					'the Dry Run item',
				);
				equal(
					hints('Call the lead'),
					['Dry Run: 1 request not sent; each item shows the request the node would have sent'],
					'its hint',
				);
			});
			record('the hints of a rate-limited, paged read are in the stored run data', () => {
				equal(output('List calls').length, 130, 'calls listed');
				const [limited, paged] = hints('List calls');
				assert(
					/^ContactSwing rate-limited 1 request; the node held \d+ requests? back for rate limits/.test(limited),
					`hints: ${JSON.stringify(hints('List calls'))}`,
				);
				equal(paged, "Read 2 pages (130 records) of ContactSwing's lists", 'the pages hint');
				assert(!JSON.stringify(runData).includes(JWT), 'the JWT is in the run data');
			});
		} finally {
			await server.stop();
		}
	},
};
