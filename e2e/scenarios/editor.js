'use strict';
/**
 * `n8n start` with the package installed: n8n lists the node and its AI-agent tool variant, and
 * the credential's Test, through the editor's endpoint, applies the node's Base URL rules: a
 * plain-http host that is not this machine (127.0.0.2, with a listener that counts connections)
 * is refused before anything is sent; a pasted /v2 path is trimmed as the node trims it.
 */
const net = require('node:net');

const { NODE_TYPE } = require('../n8n');
const { CREDENTIAL } = require('../workflows');

module.exports = {
	name: "the editor's node list and the credential's Test",
	async run({ record, assert, equal, double, JWT, userFolder, verbose }) {
		const server = await (await userFolder()).start();
		try {
			const types = await server.get('/types/nodes.json');
			record('registers the node and its AI-agent tool (contactSwingTool)', () => {
				const names = types.map((type) => type.name);
				assert(names.includes(NODE_TYPE), `${NODE_TYPE} missing`);
				assert(names.includes(`${NODE_TYPE}Tool`), `${NODE_TYPE}Tool missing`);
				const tool = types.find((type) => type.name === `${NODE_TYPE}Tool`);
				assert(/ContactSwing/.test(tool.displayName), `tool display name ${tool.displayName}`);
			});

			let connections = 0;
			const listener = net.createServer((socket) => {
				connections++;
				socket.destroy();
			});
			await new Promise((resolve) => listener.listen(0, '127.0.0.2', resolve));
			const plainHttp = `http://127.0.0.2:${listener.address().port}`;
			const test = async (baseUrl) =>
				(
					await server.post('/rest/credentials/test', {
						credentials: { ...CREDENTIAL, type: 'contactSwingApi', data: { token: JWT, baseUrl } },
					})
				).data;
			try {
				const refused = await test(plainHttp);
				verbose(`credential Test of ${plainHttp}: ${JSON.stringify(refused)}`);
				double.reset();
				const pasted = await test(`${double.url}/v2/`);
				record(
					'credential Test: plain http off this machine is refused before sending; a pasted /v2 is trimmed',
					() => {
						equal(refused.status, 'Error', `Test of ${plainHttp}`);
						assert(
							refused.message.startsWith(`The credential's Base URL must use https:// (got ${plainHttp})`),
							`refusal message: ${refused.message}`,
						);
						equal(connections, 0, 'connections to the plain-http host');
						assert(!JSON.stringify(refused).includes(JWT), 'the JWT is in the Test answer');
						equal(pasted, { status: 'OK', message: pasted.message }, 'Test of the double with /v2/');
						equal(
							double.state.requests.map((r) => [r.method, r.path, r.authorization]),
							[['GET', '/v2/_actions', `Bearer ${JWT}`]],
							'requests of the Test',
						);
					},
				);
			} finally {
				await new Promise((resolve) => listener.close(resolve));
			}
		} finally {
			await server.stop();
		}
	},
};
