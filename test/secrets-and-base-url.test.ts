import { ErrorReporter } from 'n8n-core';
import type { INodeParameters } from 'n8n-workflow';
import { LoggerProxy } from 'n8n-workflow';

import { runNode } from './harness/engine';
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
			if (v instanceof Error) return Object.fromEntries(Object.getOwnPropertyNames(v).map((name) => [name, (v as unknown as Record<string, unknown>)[name]]).concat([['cause', v.cause]]));
		}
		return v;
	});
}

describe('the JWT never leaks', () => {
	const faults: Array<[string, Parameters<Double['failWhen']>[1]]> = [
		['an API error that echoes the header', { status: 400, body: { detail: `bad Authorization: Bearer ${FAKE_JWT}` } }],
		['a 401', { status: 401, body: { detail: 'expired' } }],
		['a reset', { kind: 'reset-before' }],
		['a timeout', { kind: 'slow', delayMs: 400 }],
		['an unreadable 201', { status: 201, raw: `{"token": "${FAKE_JWT}"` }],
	];

	it.each(faults)('not in outputs, errors, logs of the run, or the serialised execution: %s', async (_case, fault) => {
		double().failWhen(() => true, fault);
		// What n8n logs about a run goes through its ErrorReporter (node errors, with their causes) and LoggerProxy.
		const logged: unknown[] = [];
		const capture = (...args: unknown[]) => void logged.push(args);
		const spies = [
			jest.spyOn(ErrorReporter.prototype, 'error').mockImplementation(capture),
			...(['error', 'warn', 'info', 'debug'] as const).map((level) => jest.spyOn(LoggerProxy, level).mockImplementation(capture)),
		];
		for (const onError of ['continueRegularOutput', 'continueErrorOutput', undefined] as const) {
			const result = await runNode({
				node: { parameters: whatsappParameters({ options: { timeout: 0.2 } }), onError },
				items: items({}),
				credentials: credentialsFor(double()),
			});
			const text = everything(result);
			expect(text).not.toContain(FAKE_JWT);
			expect(text).toMatch(/ContactSwing/);
		}
		spies.forEach((spy) => spy.mockRestore());
		expect(logged.length).toBeGreaterThan(0);
		expect(everything(logged)).not.toContain(FAKE_JWT);
		expect(double().state.requests.every((r) => r.authorization === `Bearer ${FAKE_JWT}`)).toBe(true);
	});
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
		['plain http to a remote host', 'http://api.contactswing.example', 'The credential\'s Base URL must use https:// (got http://api.contactswing.example)'],
		['not a URL', 'contactswing', 'The credential\'s Base URL "contactswing" is not a valid web address'],
		['another protocol', 'ftp://files.example.com', 'The credential\'s Base URL "ftp://files.example.com" is not a valid web address'],
	])('refuses %s before sending the JWT anywhere', async (_case, baseUrl, message) => {
		const { error } = await run(baseUrl);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(message);
		expect(error?.description).toEqual(expect.any(String));
	});
});
