'use strict';
/**
 * The mask changes nothing but the secret, in real n8n: with a credential holding a JWT of
 * ContactSwing's issuer, API Key → Create outputs the new key (a JWT of the same issuer: the same
 * header, a payload that starts alike) byte for byte, while the credential's own token, echoed in
 * the same answer, is masked.
 */
const fs = require('node:fs');
const path = require('node:path');

const { NODE_TYPE, nodeOutput } = require('../n8n');

const HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';
const payload = (kind) => Buffer.from(JSON.stringify({ sub: 'user-1', company_id: 4217, kind })).toString('base64url');
/** The credential's token and the key ContactSwing mints: one issuer, their own signatures. */
const OUR_JWT = `${HEADER}.${payload('access')}.q2WxLd8Qm1ZrT5uYc0bVn7Ke3Hs9PjAgFo4XiMtRwEl`;
const NEW_KEY = `${HEADER}.${payload('api_key')}.Zk7Nc1Vb5Xm9Lq3Wr8Ts2Yd6Hf0Gj4Pa7Ue1Io5Ry3T`;
const CREDENTIAL = { id: 'cs-e2e-issuer', name: 'ContactSwing issuer JWT' };
const WORKFLOW = 'e2eOtherJwt0001';

function apiKeyWorkflow() {
	return {
		id: WORKFLOW,
		name: 'API key from the same issuer',
		nodes: [
			{
				id: 'ojwt-1',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'ojwt-2',
				name: 'Create API key',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: { resource: 'apiKey', operation: 'create', name: 'Production' },
				credentials: { contactSwingApi: CREDENTIAL },
			},
		],
		connections: { Start: { main: [[{ node: 'Create API key', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

module.exports = {
	name: 'the mask leaves another JWT of the same issuer whole',
	async run({ record, assert, equal, double, userFolder, logs }) {
		const n8n = await userFolder({ workflows: [apiKeyWorkflow()] });
		const credentials = path.join(n8n.folder, 'issuer-credential.json');
		fs.writeFileSync(
			credentials,
			JSON.stringify([{ ...CREDENTIAL, type: 'contactSwingApi', data: { token: OUR_JWT, baseUrl: double.url } }]),
		);
		const imported = await n8n.run(['import:credentials', `--input=${credentials}`]);
		assert(imported.status === 0, `n8n import:credentials failed: ${imported.stderr.slice(-1500)}`);

		const ownToken = double.state.token;
		double.state.token = OUR_JWT;
		double.failWhen(() => true, {
			respond: (request) => ({
				status: 201,
				body: {
					ctx_id: 'c-1',
					data: { api_key_id: 7, name: 'Production', key: NEW_KEY, seen: String(request.authorization) },
				},
			}),
		});
		let run;
		try {
			run = await n8n.execute(WORKFLOW);
		} finally {
			double.state.token = ownToken;
		}
		record('an API key from the same issuer arrives intact; the credential’s own token is masked', () => {
			equal(
				double.state.requests.map((r) => [r.method, r.path, r.authorization]),
				[['POST', '/v2/_api_keys', `Bearer ${OUR_JWT}`]],
				'requests the double received',
			);
			equal(
				nodeOutput(run, 'Create API key').map((item) => item.json),
				[{ api_key_id: 7, name: 'Production', key: NEW_KEY, seen: 'Bearer ***', ctx_id: 'c-1' }],
				'the output',
			);
			const signature = OUR_JWT.split('.')[2];
			assert(!JSON.stringify(run).includes(signature), 'the token is in the stored execution');
			assert(!JSON.stringify(logs).includes(signature), "the token is in n8n's logs");
		});
	},
};
