'use strict';
/**
 * The CRM example, active, called on its production webhook URL as a CRM would: re-deliveries of
 * one event, different customers, and the same event twice at the same moment (measured, not
 * assumed: Remove Duplicates checks and records a key in two steps).
 */
const { waitForWebhook } = require('../n8n');
const { waitFor } = require('../wait');
const { exampleAsIs, webhookPathOf } = require('../workflows');

const WORKFLOW = 'e2eDedupe00001';
const EXAMPLE = 'crm-webhook-whatsapp-agent.json';
const PAIRS = 10;

module.exports = {
	name: 'the CRM example on its production webhook: re-delivered events',
	async run({ host, record, assert, equal, double, userFolder }) {
		const n8n = await userFolder({ workflows: [exampleAsIs(EXAMPLE, WORKFLOW)] });
		await n8n.activate(WORKFLOW);
		const server = await n8n.start();
		try {
			const webhookPath = webhookPathOf(EXAMPLE);
			await waitForWebhook(server.base, webhookPath);
			const deliver = async (customerId, company) => {
				const response = await fetch(`${server.base}/webhook/${webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						event: 'customer.created',
						customer: {
							id: customerId,
							company,
							owner: 'Ada',
							whatsapp_phone_number_id: '650175178190172',
							contactswing_action_ids: 'act-001',
						},
					}),
				});
				assert(response.ok, `webhook answered ${response.status}`);
			};
			/** The workflow's executions once `count` of them have finished, oldest first. */
			const finished = async (count) => {
				let statuses = [];
				return await waitFor(
					`${count} executions of the CRM workflow to finish`,
					async () => {
						const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW }));
						const { data } = await server.get(`/rest/executions?filter=${filter}&limit=100`);
						statuses = data.results.map((execution) => execution.status);
						const done = data.results.filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
						return done.length >= count && done.sort((a, b) => Number(a.id) - Number(b.id));
					},
					{ timeoutMs: 60_000, everyMs: 200, seen: () => statuses },
				);
			};
			const created = (company) => double.state.assistants.filter((a) => a.name === `${company} – WhatsApp`).length;
			double.reset();

			await deliver('cus_1', 'Repeat Ltd');
			await finished(1);
			await deliver('cus_1', 'Repeat Ltd');
			const sequential = await finished(2);
			record('the same CRM event twice in a row: one agent, and the second execution ends cleanly', () => {
				equal(created('Repeat Ltd'), 1, 'agents for the re-delivered event');
				equal(
					sequential.map((execution) => execution.status),
					['success', 'success'],
					'execution statuses',
				);
			});

			await deliver('cus_2', 'Second Customer Inc');
			await deliver('cus_3', 'Third Customer Inc');
			await finished(4);
			record('two different customers: two agents', () => {
				equal([created('Second Customer Inc'), created('Third Customer Inc')], [1, 1], 'agents');
			});

			for (let pair = 0; pair < PAIRS; pair++)
				await Promise.all([
					deliver(`cus_c${pair}`, `Concurrent ${pair}`),
					deliver(`cus_c${pair}`, `Concurrent ${pair}`),
				]);
			const all = await finished(4 + 2 * PAIRS);
			const counts = Array.from({ length: PAIRS }, (_, pair) => created(`Concurrent ${pair}`));
			const twice = counts.filter((count) => count === 2).length;
			process.stdout.write(
				`    ${host.name}: ${PAIRS} pairs of simultaneous re-deliveries → ${PAIRS - twice} created once, ${twice} created twice\n`,
			);
			record(`the same event twice at the same moment (${PAIRS} pairs): ${twice} of ${PAIRS} created twice`, () => {
				assert(
					counts.every((count) => count === 1 || count === 2),
					`agents per pair: ${counts.join(', ')}`,
				);
				assert(
					all.every((execution) => execution.status === 'success'),
					`statuses: ${all.map((e) => e.status).join(', ')}`,
				);
				equal(double.state.violations, [], 'contract violations');
			});
		} finally {
			await server.stop();
		}
	},
};
