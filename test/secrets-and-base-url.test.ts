import type { INodeParameters } from 'n8n-workflow';

import { runNode, testCredential } from './harness/engine';
import { captureN8nLogs } from './harness/logs';
import type { Double } from './harness/fixtures';
import { credentialsFor, FAKE_JWT, items, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

/** Serialises everything, including the non-enumerable parts of errors (message, stack, cause). */
function everything(value: unknown): string {
	const seen = new WeakSet();
	return JSON.stringify(value, function (_key, v) {
		if (typeof v === 'object' && v !== null) {
			if (seen.has(v)) return '[circular]';
			seen.add(v);
			if (v instanceof Error)
				return Object.fromEntries(
					Object.getOwnPropertyNames(v)
						.map((name) => [name, (v as unknown as Record<string, unknown>)[name]])
						.concat([['cause', v.cause]]),
				);
		}
		return v;
	});
}

describe('the JWT never leaks', () => {
	// Each fault, and the error message the node must show for it (so the fault was really hit).
	const faults: Array<[string, Parameters<Double['failWhen']>[1], string]> = [
		[
			'an API error that echoes the header',
			{ status: 400, body: { detail: `bad Authorization: Bearer ${FAKE_JWT}` } },
			'ContactSwing answered 400: bad Authorization: Bearer *** [item 0]',
		],
		['a 401', { status: 401, body: { detail: 'expired' } }, 'ContactSwing answered 401: expired [item 0]'],
		[
			'a reset',
			{ kind: 'reset-before' },
			'No response from ContactSwing: the connection was closed before an answer arrived [item 0]',
		],
		['a timeout', { kind: 'slow', delayMs: 400 }, 'No response from ContactSwing: no answer within 0.2 s [item 0]'],
		[
			'an unreadable 201',
			{ status: 201, raw: `{"token": "${FAKE_JWT}"` },
			'ContactSwing answered 201 but the response could not be read (non-JSON response: {"token": "***") [item 0]',
		],
	];

	it.each(faults)(
		'not in outputs, errors, logs of the run, or the serialised execution: %s',
		async (_case, fault, message) => {
			double().failWhen(() => true, fault);
			const { logged, restore } = captureN8nLogs();
			for (const onError of ['continueRegularOutput', 'continueErrorOutput', undefined] as const) {
				const result = await runNode({
					// A short Timeout only for the timeout: elsewhere a busy machine could hit it first.
					node: { parameters: whatsappParameters({ options: { timeout: fault.kind === 'slow' ? 0.2 : 60 } }), onError },
					items: items({}),
					credentials: credentialsFor(double()),
				});
				const text = everything(result);
				expect(text).not.toContain(FAKE_JWT);
				// The fault was hit: its message is what the user sees, on the item or as the run's error.
				expect(onError ? result.outputs.flat()[0].json.error : result.error?.message).toBe(message);
			}
			restore();
			expect(logged.length).toBeGreaterThan(0);
			expect(everything(logged)).not.toContain(FAKE_JWT);
			// The JWT did go out, to ContactSwing only: one request per run, each signed.
			expect(double().state.requests).toHaveLength(3);
			expect(double().state.requests.map((r) => r.authorization)).toEqual(Array(3).fill(`Bearer ${FAKE_JWT}`));
		},
	);
});

describe('Base URL', () => {
	const run = async (baseUrl: string, parameters: INodeParameters = whatsappParameters()) =>
		await runNode({ node: { parameters }, items: items({}), credentials: { token: FAKE_JWT, baseUrl } });

	it.each([
		['trailing slashes', (url: string) => `${url}///`],
		['surrounding whitespace', (url: string) => `  ${url}\n`],
		['a pasted endpoint path', (url: string) => `${url}/v2/_new_assistants`],
		['a pasted /v2 prefix', (url: string) => `${url}/v2/`],
		['localhost instead of 127.0.0.1', (url: string) => url.replace('127.0.0.1', 'localhost')],
	])('normalises %s', async (_case, mistake) => {
		const { error } = await run(mistake(double().url));
		expect(error).toBeUndefined();
		expect(double().state.requests.map((r) => r.path)).toEqual(['/v2/_new_assistants']);
	});

	it.each([
		[
			'plain http to a remote host',
			'http://api.contactswing.example',
			"The credential's Base URL must use https:// (got http://api.contactswing.example) [item 0]",
		],
		['not a URL', 'contactswing', 'The credential\'s Base URL "contactswing" is not a valid web address [item 0]'],
		[
			'another protocol',
			'ftp://files.example.com',
			'The credential\'s Base URL "ftp://files.example.com" is not a valid web address [item 0]',
		],
	])('refuses %s before sending the JWT anywhere', async (_case, baseUrl, message) => {
		const { error } = await run(baseUrl);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(
			/^(Use the ContactSwing API host, for example https:\/\/|The JWT is never sent in clear text\. Change the Base URL to https:\/\/)/,
		);
	});
});

describe("the credential's Test button", () => {
	it.each([
		['a pasted /v2/ path', (url: string) => `${url}/v2/`],
		['trailing slashes and whitespace', (url: string) => ` ${url}// `],
		['localhost', (url: string) => url.replace('127.0.0.1', 'localhost')],
	])("applies the node's Base URL rules: %s is trimmed to the host", async (_case, mistake) => {
		const result = await testCredential({ token: FAKE_JWT, baseUrl: mistake(double().url) });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(double().state.requests.map((r) => [r.method, r.path, r.authorization])).toEqual([
			['GET', '/v2/_actions', `Bearer ${FAKE_JWT}`],
		]);
	});

	it('says why when ContactSwing refuses the token', async () => {
		const result = await testCredential({ token: 'wrong-token', baseUrl: double().url });
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/401|[Aa]uthori[sz]/) });
		expect(new Set(double().state.requests.map((r) => `${r.method} ${r.path} ${r.status}`))).toEqual(
			new Set(['GET /v2/_actions 401']),
		);
	});

	it.each([
		[
			'plain http to a remote host',
			'http://api.contactswing.example',
			"The credential's Base URL must use https:// (got http://api.contactswing.example). The JWT is never sent in clear text.",
		],
		[
			'not a URL',
			'contactswing',
			'The credential\'s Base URL "contactswing" is not a valid web address. Use the ContactSwing API host',
		],
	])("refuses %s with the node's message, before anything is sent", async (_case, baseUrl, message) => {
		const sent: unknown[] = [];
		const result = await testCredential({ token: FAKE_JWT, baseUrl }, (request) => sent.push(request));
		expect(result.status).toBe('Error');
		expect(result.message).toContain(message);
		expect(result.message).not.toContain(FAKE_JWT);
		expect(sent).toEqual([]);
	});
});
