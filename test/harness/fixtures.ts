import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { createContactSwingDouble } from '../double/server';

export const FAKE_JWT = 'eyJhbGciOiJIUzI1NiJ9.test-contactswing-jwt.c2lnbmF0dXJl';

export type Double = ReturnType<typeof createContactSwingDouble>;

/**
 * A fresh API double for every test, on a port of its own. Its URL is part of the account the
 * node's limiter is keyed by, so every test meets the node as a new n8n process would: nothing
 * an earlier test taught the limiter carries over.
 */
export function useDouble(): () => Double {
	let double: Double;
	beforeEach(async () => {
		double = await createContactSwingDouble({ token: FAKE_JWT }).start();
	});
	afterEach(async () => await double.stop());
	return () => double;
}

/**
 * Waits for a state (what the double has seen), polling: a test waits for the state itself, never
 * a set time. Gives up after `withinMs` (within jest's 30 s), saying so, so that nothing polls on.
 */
export async function until(done: () => boolean, withinMs = 25_000): Promise<void> {
	const giveUpAt = Date.now() + withinMs;
	while (!done()) {
		if (Date.now() > giveUpAt)
			throw new Error(`the state awaited did not come within ${withinMs / 1000} s: ${String(done)}`);
		// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals -- test code, never shipped
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export function whatsappParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'assistant',
		operation: 'create',
		type: 'WHATSAPP',
		name: 'Acme Support',
		model: 'cw-llm-1',
		instructions: 'Help Acme customers with their orders.',
		phoneNumber: '650175178190170',
		...overrides,
	};
}

export function items(...json: object[]): INodeExecutionData[] {
	return json.map((entry) => ({ json: { ...entry } }));
}

export function credentialsFor(double: Double, token = FAKE_JWT) {
	return { token, baseUrl: double.url };
}

/** The input item of the request-body tests and the saved workflows: Knowledge Base uploads its binary fields. */
export function uploadItems(): INodeExecutionData[] {
	return [
		{
			json: {},
			binary: {
				data: {
					data: Buffer.from('%PDF-1.4 guide').toString('base64'),
					mimeType: 'application/pdf',
					fileName: 'guide.pdf',
				},
				sheet: { data: Buffer.from('a,b\n1,2').toString('base64'), mimeType: 'text/csv', fileName: 'prices.csv' },
			},
		},
	];
}

/** What the double received, as the golden files hold it: a multipart body apart from a JSON one. */
export function sentRequests(double: Double) {
	return double.state.requests.map(({ method, path: url, query, contentType, body }) => ({
		method,
		path: url,
		query,
		...(contentType?.startsWith('multipart/') ? { multipart: body } : { body }),
	}));
}
