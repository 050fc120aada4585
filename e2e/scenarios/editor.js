'use strict';
/**
 * `n8n start` with the package installed: n8n lists the node and its AI-agent tool variant, and
 * the credential's Test, through the editor's endpoint, applies the node's Base URL rules: a
 * plain-http host that is not this machine (127.0.0.2, with a listener that counts connections)
 * is refused before anything is sent; a pasted /v2 path is trimmed as the node trims it. The Test
 * runs through the node's transport (its testedBy): a gzip bomb ends within 30 s at 5 MB read, and
 * a 401 gives the node's token advice.
 */
const http = require('node:http');
const net = require('node:net');
const zlib = require('node:zlib');

const { NODE_TYPE } = require('../n8n');
const { CREDENTIAL } = require('../workflows');

/** 1 GB of zeros gzipped (about 1 MB), made a megabyte at a time. */
async function gzipBomb() {
	const gzip = zlib.createGzip({ level: 9 });
	const chunks = [];
	gzip.on('data', (chunk) => chunks.push(chunk));
	const zeros = Buffer.alloc(1024 * 1024);
	for (let i = 0; i < 1024; i++) if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
	await new Promise((resolve) => gzip.end(resolve));
	return Buffer.concat(chunks);
}

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

			// The Test runs in n8n's main process: a gzip bomb must not take it down or hold it.
			const bomb = await gzipBomb();
			const bombServer = http.createServer((_req, res) => {
				res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
				res.end(bomb);
			});
			await new Promise((resolve) => bombServer.listen(0, '127.0.0.1', resolve));
			try {
				const started = Date.now();
				const bombed = await test(`http://127.0.0.1:${bombServer.address().port}`);
				const seconds = (Date.now() - started) / 1000;
				verbose(`credential Test of a gzip bomb: ${JSON.stringify(bombed)} in ${seconds} s`);
				double.reset();
				const wrongToken = (
					await server.post('/rest/credentials/test', {
						credentials: {
							...CREDENTIAL,
							type: 'contactSwingApi',
							data: { token: 'not-the-token', baseUrl: double.url },
						},
					})
				).data;
				record(
					"credential Test: a gzip bomb (1 MB → 1 GB) ends within 30 s; a 401 gives the node's token advice",
					() => {
						assert(seconds < 30, `the Test of a gzip bomb took ${seconds} s`);
						equal(bombed.status, 'Error', 'Test of the gzip bomb');
						assert(/an answer larger than 5 MB, not read/.test(bombed.message), `bomb message: ${bombed.message}`);
						equal(wrongToken.status, 'Error', 'Test with a wrong token');
						assert(
							wrongToken.message.startsWith('ContactSwing answered 401') &&
								wrongToken.message.includes('Check or renew the token'),
							`401 message: ${wrongToken.message}`,
						);
					},
				);
			} finally {
				bombServer.closeAllConnections();
				await new Promise((resolve) => bombServer.close(resolve));
			}
		} finally {
			await server.stop();
		}
	},
};
