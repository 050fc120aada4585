/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- hostile listeners, real clocks: test code, never shipped */
/**
 * The credential's Test button runs in n8n's main process, which has no Stop button for it: it goes
 * through the node's own transport (the node's `testedBy`), so it is bounded as the node is (5 MB
 * read, 15 s for the whole answer, no redirect) and says what went wrong in the node's words.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';

import { testCredential } from './harness/engine';
import { FAKE_JWT, useDouble } from './harness/fixtures';

const double = useDouble();

/** A listener on 127.0.0.1 that answers with `handler`; closed after the test. */
async function listener(handler: http.RequestListener) {
	const server = http.createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		host: `127.0.0.1:${port}`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** 1 GB of zeros, gzipped to about 1 MB, made without holding the gigabyte. */
async function gzipBomb(): Promise<Buffer> {
	const gzip = zlib.createGzip({ level: 9 });
	const chunks: Buffer[] = [];
	gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
	const zeros = Buffer.alloc(1024 * 1024);
	for (let i = 0; i < 1024; i++) if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
	await new Promise((resolve) => gzip.end(resolve));
	return Buffer.concat(chunks);
}

describe("the credential's Test is bounded as the node is", () => {
	it('a gzip bomb (1 MB inflating to 1 GB) ends at 5 MB read, quickly, with a clear message', async () => {
		const bomb = await gzipBomb();
		expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
		const server = await listener((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
			res.end(bomb);
		});
		try {
			const rssBefore = process.memoryUsage().rss;
			const started = Date.now();
			const result = await testCredential({ token: FAKE_JWT, baseUrl: server.url });
			expect(Date.now() - started).toBeLessThan(20_000);
			expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
			expect(result).toEqual({
				status: 'Error',
				message: `${server.host} answered 200 with an answer larger than 5 MB, not read, not ContactSwing's JSON. Check that the Base URL is the ContactSwing API host.`,
			});
		} finally {
			await server.close();
		}
	}, 25_000);

	it('a trickle (1 byte a second) and a silent server each end within 20 s, saying nothing was created', async () => {
		const trickle = await listener((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{');
			const timer = setInterval(() => res.write(' '), 1000);
			res.on('close', () => clearInterval(timer));
		});
		const silent = await listener(() => {});
		try {
			const started = Date.now();
			const results = await Promise.all(
				[trickle, silent].map(async (server) => {
					const result = await testCredential({ token: FAKE_JWT, baseUrl: server.url });
					return { result, seconds: (Date.now() - started) / 1000 };
				}),
			);
			for (const [i, server] of [trickle, silent].entries()) {
				expect(results[i].seconds).toBeLessThan(20);
				expect(results[i].result).toEqual({
					status: 'Error',
					message: `No answer from ContactSwing at ${server.host}: no answer within 15 s. The Test only reads, so nothing was created. Check the credential's Base URL and the network.`,
				});
			}
		} finally {
			await Promise.all([trickle.close(), silent.close()]);
		}
	}, 25_000);
});

describe("the credential's Test speaks as the node does", () => {
	it.each([
		[401, 'The JWT was missing, invalid or expired. Check or renew the token in the "ContactSwing API" credential.'],
		[403, "The JWT is valid but not allowed to do this. Check the token's account and permissions."],
	])('a %s gives the node token advice, and never the token', async (status, advice) => {
		double().failWhen(() => true, { status, body: { detail: `no access for ${FAKE_JWT}` } });
		const result = await testCredential({ token: FAKE_JWT, baseUrl: double().url });
		expect(result).toEqual({
			status: 'Error',
			message: `ContactSwing answered ${status}: no access for ***. ${advice}`,
		});
	});

	describe('a token that is not a JWT, in pieces that only the message puts together', () => {
		const token = ['abcdefghijklm', 'nopqrstuvwxyz0'].join('.');
		beforeEach(() => {
			double().state.token = token;
		});

		it('a 4xx detail whose location spells it: masked', async () => {
			double().failWhen(() => true, {
				status: 422,
				body: { detail: [{ loc: ['body', 'abcdefghijklm', 'nopqrstuvwxyz0'], msg: 'field required' }] },
			});
			const { message } = await testCredential({ token, baseUrl: double().url });
			expect(message).toMatch(/^ContactSwing answered 422: \*\*\*: field required\./);
		});

		it('a long page cut where the token starts: that start masked', async () => {
			// "non-JSON response: " and 171 characters, then the token: the 200-character cut ends on its first 10.
			double().failWhen(() => true, {
				status: 200,
				body: `${'x'.repeat(171)}${token.slice(0, 10)}${'y'.repeat(2000)}`,
			});
			const { message } = await testCredential({ token, baseUrl: double().url });
			expect(message).toContain(`x***…, not ContactSwing's JSON`);
			expect(message).not.toContain('abcd');
		});
	});

	it('a token pasted with spaces and a line break is trimmed, as the credential signs the node', async () => {
		const result = await testCredential({ token: `  ${FAKE_JWT}\n`, baseUrl: double().url });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(double().state.requests.map((request) => request.authorization)).toEqual([`Bearer ${FAKE_JWT}`]);
	});

	it('that token, echoed as it was sent, is masked in the answer', async () => {
		double().failWhen(() => true, { status: 401, body: { detail: `no access for Bearer ${FAKE_JWT}` } });
		const { message } = await testCredential({ token: `  ${FAKE_JWT}\n`, baseUrl: double().url });
		expect(message).toMatch(/^ContactSwing answered 401: no access for Bearer \*\*\*\. /);
	});

	it('a connection refused names the Base URL host and says nothing was sent or created', async () => {
		const closed = await listener(() => {});
		await closed.close();
		const result = await testCredential({ token: FAKE_JWT, baseUrl: `${closed.url}/v2/` });
		expect(result).toEqual({
			status: 'Error',
			message: `No answer from ContactSwing at ${closed.host}: the connection was refused. Nothing was sent or created. Check the credential's Base URL and the network.`,
		});
	});

	it('a redirect is not followed, and says so', async () => {
		double().failWhen(() => true, { status: 302, headers: { location: 'https://elsewhere.example/v2/_actions' } });
		const result = await testCredential({ token: FAKE_JWT, baseUrl: double().url });
		expect(result).toEqual({
			status: 'Error',
			message:
				'ContactSwing answered 302, a redirect, and the credential follows no redirects: check the Base URL. Nothing was sent to the other address.',
		});
		expect(double().state.requests).toHaveLength(1);
	});
});
