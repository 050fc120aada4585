'use strict';
/**
 * The README's examples, headless (`n8n execute --id`), their trigger replaced by the pinned sample
 * items (the CLI cannot wait for a form or a webhook): what the double received and what the
 * execution output. Then both On Error modes, each with one item refused before sending and one
 * rejected by the API: which output every item lands on and which input it is paired to.
 */
const { CRM_WEBHOOK_EXAMPLE_REQUEST } = require('../../test/harness/example-requests');
const { nodeOutput } = require('../n8n');
const { continueOnFailWorkflow, exampleDrivenByItems } = require('../workflows');

const REJECTED = 'Rejected Inc WhatsApp Agent';
const BAD_PHONE_ID = /^"WhatsApp Phone Number ID" must be Meta's WhatsApp phone-number ID.*\[item 2\]$/;
const ON_ERROR = { continueRegularOutput: 'e2eCofRegular01', continueErrorOutput: 'e2eCofErrorOut1' };

module.exports = {
	name: 'the README examples and both On Error modes',
	async run({ record, assert, equal, double, JWT, userFolder }) {
		const n8n = await userFolder({
			workflows: [
				exampleDrivenByItems('form-trigger-whatsapp-agent.json', 'e2eForm0000001'),
				exampleDrivenByItems('crm-webhook-whatsapp-agent.json', 'e2eCrm00000001'),
				...Object.entries(ON_ERROR).map(([onError, id]) => continueOnFailWorkflow(id, onError)),
			],
		});

		double.reset();
		const form = await n8n.execute('e2eForm0000001');
		record('README example: Form Trigger → Create WhatsApp agent (2 submissions)', () => {
			const output = nodeOutput(form, 'Create WhatsApp agent');
			// Requests go out in parallel, so they may arrive in any order; the output keeps the input order.
			equal(
				double.state.requests.map((r) => [r.method, r.path, r.body.name, r.authorization]).sort(),
				[
					['POST', '/v2/_new_assistants', 'Acme Bikes WhatsApp Agent', `Bearer ${JWT}`],
					['POST', '/v2/_new_assistants', 'Globex Dental WhatsApp Agent', `Bearer ${JWT}`],
				],
				'requests',
			);
			const idOf = (name) => double.state.assistants.find((a) => a.name === name)?.assistant_id;
			equal(
				output.map((item) => [item.json.name, item.json.assistant_id, item.pairedItem]),
				[
					['Acme Bikes WhatsApp Agent', idOf('Acme Bikes WhatsApp Agent'), { item: 0 }],
					['Globex Dental WhatsApp Agent', idOf('Globex Dental WhatsApp Agent'), { item: 1 }],
				],
				'output',
			);
			equal(double.state.violations, [], 'contract violations');
		});

		double.reset();
		const crm = await n8n.execute('e2eCrm00000001');
		record('README example: CRM webhook → Create WhatsApp agent', () => {
			const output = nodeOutput(crm, 'Create WhatsApp agent');
			equal(
				double.state.requests.map((r) => r.body),
				[CRM_WEBHOOK_EXAMPLE_REQUEST],
				'request body',
			);
			equal(
				output.map((item) => item.json.assistant_id),
				[double.state.assistants[0].assistant_id],
				'output',
			);
		});

		for (const [onError, id] of Object.entries(ON_ERROR)) {
			double.reset();
			double.failWhen((request) => request.body?.name === REJECTED, {
				status: 400,
				body: { detail: 'Invalid configuration' },
			});
			const run = await n8n.execute(id);
			record(
				`On Error → ${onError}: each failed item carries its error and advice, paired to its input; the others are created`,
				() => {
					assert(!run.data.resultData.error, `the run failed: ${run.data.resultData.error?.message}`);
					const created = ['Acme Bikes WhatsApp Agent', 'Globex Dental WhatsApp Agent', 'Umbrella Corp WhatsApp Agent'];
					equal(double.state.assistants.map((a) => a.name).sort(), created, 'created');
					const main = nodeOutput(run, 'Create WhatsApp agent', 0);
					const errors =
						onError === 'continueErrorOutput'
							? nodeOutput(run, 'Create WhatsApp agent', 1)
							: main.filter((item) => item.json.error);
					const successes = main.filter((item) => !item.json.error);
					equal(
						successes.map((item) => [item.json.name, item.pairedItem]),
						[
							['Acme Bikes WhatsApp Agent', { item: 0 }],
							['Globex Dental WhatsApp Agent', { item: 1 }],
							['Umbrella Corp WhatsApp Agent', { item: 3 }],
						],
						'main output',
					);
					if (onError === 'continueErrorOutput')
						equal(main.length, successes.length, 'failed items left on the main output');
					else
						equal(
							main.map((item) => item.pairedItem),
							[0, 1, 2, 3, 4].map((item) => ({ item })),
							'main output order',
						);
					equal(
						errors.map((item) => item.pairedItem),
						[{ item: 2 }, { item: 4 }],
						'failed items paired to their inputs',
					);
					assert(BAD_PHONE_ID.test(errors[0].json.error), `bad phone-number ID: ${JSON.stringify(errors[0].json)}`);
					assert(
						/Phone number ID/.test(errors[0].json.message),
						`no advice with the bad phone-number ID: ${JSON.stringify(errors[0].json)}`,
					);
					equal(errors[1].json.error, 'ContactSwing answered 400: Invalid configuration [item 4]', 'API error');
					assert(
						/Check the fields named in the message/.test(errors[1].json.message),
						`no advice with the API error: ${JSON.stringify(errors[1].json)}`,
					);
				},
			);
		}
	},
};
