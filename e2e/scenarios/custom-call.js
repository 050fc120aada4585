'use strict';
/**
 * The README's custom API call: n8n's HTTP Request node, Authentication → Predefined Credential
 * Type → ContactSwing API, calls an endpoint of the user's choosing (here the README's example,
 * a page of customers). The credential signs it (`Authorization: Bearer <JWT>`), the answer is the
 * node's output, and the JWT is in neither the output, the stored execution nor n8n's logs.
 */
const fs = require('node:fs');
const path = require('node:path');

const { nodeOutput } = require('../n8n');
const { customCallWorkflow } = require('../workflows');

const WORKFLOW = 'e2eCustomCall01';
const NODE = 'ContactSwing API call';
/** The README's example request ("Custom API calls"). */
const REQUEST = { method: 'GET', path: '/v2/_customers', query: { page: '2', per_page: '10' } };

function filesBelow(dir) {
	return fs
		.readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) => (entry.isDirectory() ? filesBelow(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

module.exports = {
	name: "a custom API call: n8n's HTTP Request node with the ContactSwing credential",
	async run({ record, assert, equal, double, JWT, logs, userFolder }) {
		const url = `${double.url}${REQUEST.path}?${new URLSearchParams(REQUEST.query)}`;
		const n8n = await userFolder({ workflows: [customCallWorkflow(WORKFLOW, url)] });
		const logsBefore = logs.length;
		double.reset();
		const run = await n8n.execute(WORKFLOW);

		record(
			'custom API call: the HTTP Request node sends the request once, signed with the JWT as a Bearer token',
			() => {
				equal(
					double.state.requests.map((r) => [r.method, r.path, r.query, r.authorization]),
					[[REQUEST.method, REQUEST.path, REQUEST.query, `Bearer ${JWT}`]],
					'requests the double received',
				);
			},
		);

		const page = double.state.customers.slice(10, 20);
		record("custom API call: ContactSwing's answer is the node's output", () => {
			const output = nodeOutput(run, NODE);
			equal(output.length, 1, 'items');
			equal(output[0].json.data.pagination, { current_page: 2, per_page: 10, total_records: 25 }, 'pagination');
			equal(
				output[0].json.data.data.map((customer) => customer.id),
				page.map((customer) => customer.id),
				'the customers of page 2',
			);
		});

		record("custom API call: no JWT in the output, the stored execution or n8n's logs", () => {
			assert(!JSON.stringify(run).includes(JWT), "the JWT is in the execution's output");
			const stored = filesBelow(path.join(n8n.folder, '.n8n')).filter(
				(file) => !file.includes(`${path.sep}nodes${path.sep}`),
			);
			const bytes = Buffer.concat(stored.map((file) => fs.readFileSync(file)));
			// The search reads where n8n keeps the execution (its output names the customers) ...
			assert(bytes.includes(Buffer.from(page[0].email)), `no stored execution data found in ${stored.join(', ')}`);
			// ... and finds no JWT there, nor in the output of the n8n commands that ran it.
			for (const file of stored) assert(!fs.readFileSync(file).includes(Buffer.from(JWT)), `the JWT is in ${file}`);
			const ours = logs.slice(logsBefore).join('\n');
			assert(ours.includes(`execute --id=${WORKFLOW}`), 'the logs were not captured');
			assert(!ours.includes(JWT), 'the JWT is in the n8n logs');
		});
	},
};
