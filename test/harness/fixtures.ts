import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { createContactSwingDouble } from '../double/server';

export const FAKE_JWT = 'eyJhbGciOiJIUzI1NiJ9.test-contactswing-jwt.c2lnbmF0dXJl';

export type Double = ReturnType<typeof createContactSwingDouble>;

/** Starts one API double for the test file and clears what it recorded before each test. */
export function useDouble(): () => Double {
	let double: Double;
	beforeAll(async () => {
		double = await createContactSwingDouble({ token: FAKE_JWT }).start();
	});
	afterAll(async () => await double.stop());
	beforeEach(() => double.reset());
	return () => double;
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
