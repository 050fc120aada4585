import type { NodeApiError } from 'n8n-workflow';

import { runNode } from './harness/engine';
import { credentialsFor, items, FAKE_JWT, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

const creates = () => double().state.requests.filter((r) => r.method === 'POST' && r.path === '/v2/_new_assistants');

describe('Assistant → Create (WhatsApp), inside the n8n engine', () => {
	it('creates one agent per item, resolving expressions per item, and outputs each paired to its item', async () => {
		const input = items(
			{ company: 'Acme', phoneId: '650175178190170' },
			{ company: 'Globex', phoneId: '650175178190171' },
			{ company: 'Initech', phoneId: '650175178190172' },
		);
		const { outputs, error } = await runNode({
			node: {
				parameters: whatsappParameters({
					name: '={{ $json.company }} WhatsApp Agent',
					instructions: '=You answer for {{ $json.company }}.',
					phoneNumber: '={{ $json.phoneId }}',
				}),
			},
			items: input,
			credentials: credentialsFor(double()),
		});

		expect(error).toBeUndefined();
		expect(creates().map((r) => r.body)).toEqual(
			['Acme', 'Globex', 'Initech'].map((company, i) => ({
				name: `${company} WhatsApp Agent`,
				type: 'WHATSAPP',
				model: 'cw-llm-1',
				instructions: `You answer for ${company}.`,
				phone_number: `65017517819017${i}`,
			})),
		);
		expect(creates().every((r) => r.authorization === `Bearer ${FAKE_JWT}`)).toBe(true);
		const created = double().state.assistants;
		expect(outputs).toHaveLength(1);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(outputs[0].map((item) => item.json)).toEqual(
			created.map((assistant) => ({
				assistant_id: assistant.assistant_id,
				name: assistant.name,
				ctx_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			})),
		);
		expect(input[0].json).toEqual({ company: 'Acme', phoneId: '650175178190170' });
	});

	it('maps every field into the documented body', async () => {
		await runNode({
			node: {
				parameters: whatsappParameters({
					additionalFields: {
						agentPrompt: 'You are Ava from Acme.',
						goalPrompt: 'Book a demo.',
						knowledgeBaseId: 'kb-42',
						actionIds: ['act-001', 'act-002'],
						apiKeys: ['key-1', 'key-2'],
						idleTime: 24,
						maxMessages: 10,
						incomingCallGreeting: 'Hi! How can I help?',
					},
				}),
			},
			items: items({}),
			credentials: credentialsFor(double()),
		});

		expect(creates().map((r) => r.body)).toEqual([
			{
				name: 'Acme Support',
				type: 'WHATSAPP',
				model: 'cw-llm-1',
				instructions: 'Help Acme customers with their orders.',
				phone_number: '650175178190170',
				prompts: { agent: 'You are Ava from Acme.', goal: 'Book a demo.' },
				kb_id: 'kb-42',
				action_ids: ['act-001', 'act-002'],
				api_keys: ['key-1', 'key-2'],
				additional_settings: { idle_time: 24, max_messages: 10 },
				incoming_call_greeting: 'Hi! How can I help?',
			},
		]);
		expect(double().state.violations).toEqual([]);
	});

	it('leaves out optional fields that were added but left empty', async () => {
		await runNode({
			node: {
				parameters: whatsappParameters({
					additionalFields: {
						agentPrompt: '',
						goalPrompt: '  ',
						knowledgeBaseId: '',
						actionIds: [],
						apiKeys: [],
						incomingCallGreeting: '',
					},
				}),
			},
			items: items({}),
			credentials: credentialsFor(double()),
		});

		expect(creates().map((r) => r.body)).toEqual([
			{
				name: 'Acme Support',
				type: 'WHATSAPP',
				model: 'cw-llm-1',
				instructions: 'Help Acme customers with their orders.',
				phone_number: '650175178190170',
			},
		]);
	});

	it.each([
		['an array', '={{ $json.actions }}', ['act-001', 'act-003']],
		['a comma-separated string', '={{ $json.actions.join(", ") }}', ['act-001', 'act-003']],
	])('accepts action and API key IDs from an expression that returns %s', async (_shape, expression, expected) => {
		await runNode({
			node: { parameters: whatsappParameters({ additionalFields: { actionIds: expression, apiKeys: expression } }) },
			items: items({ actions: ['act-001', 'act-003'] }),
			credentials: credentialsFor(double()),
		});
		expect(creates()[0].body).toMatchObject({ action_ids: expected, api_keys: expected });
	});

	it('accepts whole numbers typed as text by an expression (form fields arrive as strings)', async () => {
		await runNode({
			node: {
				parameters: whatsappParameters({ additionalFields: { idleTime: '={{ $json.hours }}', maxMessages: 5 } }),
			},
			items: items({ hours: '48' }),
			credentials: credentialsFor(double()),
		});
		expect(creates()[0].body).toMatchObject({ additional_settings: { idle_time: 48, max_messages: 5 } });
	});
});

describe('validation, before any request is sent', () => {
	it.each([
		['a name that resolves to nothing', { name: '={{ $json.missing }}' }, '"Name" is required but empty [item 0]'],
		['blank instructions', { instructions: '   ' }, '"Instructions" is required but empty [item 0]'],
		[
			'a phone number instead of the ID',
			{ phoneNumber: '+1 555 010 9999' },
			'"WhatsApp Phone Number ID" must be Meta\'s WhatsApp phone-number ID, not a phone number ("+1 555 010 9999") [item 0]',
		],
		[
			'letters in the ID',
			{ phoneNumber: 'my-number' },
			'"WhatsApp Phone Number ID" must contain digits only, but it is "my-number" [item 0]',
		],
		[
			'a phone number ID that resolves to nothing',
			{ phoneNumber: '={{ "" }}' },
			'"WhatsApp Phone Number ID" is required but empty [item 0]',
		],
		[
			'idle time of zero',
			{ additionalFields: { idleTime: 0 } },
			'"Idle Time (Hours)" must be a whole number of 1 or more, but it is number "0" [item 0]',
		],
		[
			'a fractional idle time',
			{ additionalFields: { idleTime: 1.5 } },
			'"Idle Time (Hours)" must be a whole number of 1 or more, but it is number "1.5" [item 0]',
		],
		[
			'negative max messages',
			{ additionalFields: { maxMessages: -3 } },
			'"Max Messages" must be a whole number of 1 or more, but it is number "-3" [item 0]',
		],
		[
			'max messages as words',
			{ additionalFields: { maxMessages: '=ten' } },
			'"Max Messages" must be a whole number of 1 or more, but it is string "ten" [item 0]',
		],
		[
			'an object as action IDs',
			{ additionalFields: { actionIds: '={{ { id: 1 } }}' } },
			'"Action Names or IDs" must be a list of IDs, but it is an object [item 0]',
		],
	])('refuses %s with a NodeOperationError naming the field and the item', async (_case, overrides, message) => {
		const { error } = await runNode({
			node: { parameters: whatsappParameters(overrides) },
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(message);
		expect(error?.description).toEqual(expect.any(String));
		expect(double().state.requests).toHaveLength(0);
	});

	it('tells the user where to find the Meta phone-number ID', async () => {
		const { error } = await runNode({
			node: { parameters: whatsappParameters({ phoneNumber: '+1 555 010 9999' }) },
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(error?.description).toContain('WhatsApp → API Setup');
		expect(error?.description).toContain('Phone number ID');
	});

	it('checks every item before sending any: one invalid item stops the run with nothing created', async () => {
		const { error } = await runNode({
			node: { parameters: whatsappParameters({ name: '={{ $json.company }}' }) },
			items: items({ company: 'Acme' }, { company: '' }, { company: 'Initech' }),
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toBe('"Name" is required but empty [item 1]');
		expect(double().state.requests).toHaveLength(0);
	});
});

describe('API errors', () => {
	const run = async (token = FAKE_JWT) =>
		await runNode({
			node: { parameters: whatsappParameters() },
			items: items({}),
			credentials: credentialsFor(double(), token),
		});

	it('shows a FastAPI detail string with the HTTP status', async () => {
		double().failWhen(() => true, {
			status: 400,
			body: { detail: 'Phone number already linked to another assistant' },
		});
		const { error } = await run();
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('ContactSwing answered 400: Phone number already linked to another assistant [item 0]');
		expect((error as NodeApiError).httpCode).toBe('400');
	});

	it('shows each entry of a FastAPI validation detail list with its location', async () => {
		double().failWhen(() => true, {
			status: 400,
			body: {
				detail: [
					{ loc: ['body', 'phone_number'], msg: 'Invalid phone number ID', type: 'value_error' },
					{ loc: ['body', 'model'], msg: 'Unknown model' },
				],
			},
		});
		const { error } = await run();
		expect(error?.message).toBe(
			'ContactSwing answered 400: phone_number: Invalid phone number ID; model: Unknown model [item 0]',
		);
	});

	it('turns a 401 into advice to check or renew the JWT', async () => {
		const { error } = await run('an-expired-token');
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('ContactSwing answered 401: Could not validate credentials [item 0]');
		expect(error?.description).toContain('renew the token');
		expect(creates()).toHaveLength(1);
	});

	it('survives a non-JSON error body', async () => {
		double().failWhen(() => true, { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
		const { error } = await run();
		expect(error?.message).toBe(
			'ContactSwing answered 502: non-JSON response: <html><body><h1>502 Bad Gateway</h1></body></html> [item 0]',
		);
		expect(error?.description).toContain('check ContactSwing before running the item again');
	});
});

describe('Continue On Fail', () => {
	const threeItemsWithABadOne = items(
		{ company: 'Acme', phoneId: '650175178190170' },
		{ company: 'Globex', phoneId: '+44 20 7946 0000' },
		{ company: 'Initech', phoneId: '650175178190172' },
	);
	const parameters = whatsappParameters({ name: '={{ $json.company }}', phoneNumber: '={{ $json.phoneId }}' });

	it('keeps going with the regular output: the failing item carries its error, paired to it', async () => {
		const { outputs, error } = await runNode({
			node: { parameters, onError: 'continueRegularOutput' },
			items: threeItemsWithABadOne,
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		expect(creates().map((r) => r.body.name)).toEqual(['Acme', 'Initech']);
		expect(outputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(outputs[0][0].json.name).toBe('Acme');
		expect(outputs[0][1].json.error).toMatch(
			/^"WhatsApp Phone Number ID" must be Meta's WhatsApp phone-number ID.*\[item 1\]$/,
		);
		// n8n 1.x sends an item to the error output only when its json is {error} or {error, message}.
		expect(Object.keys(outputs[0][1].json).sort()).toEqual(['error', 'message']);
		expect(outputs[0][1].json.message).toContain('Phone number ID');
		expect(outputs[0][2].json.name).toBe('Initech');
	});

	it('routes the failing item to the error output', async () => {
		double().failWhen((request) => request.body?.name === 'Initech', {
			status: 400,
			body: { detail: 'Invalid configuration' },
		});
		const { outputs, error } = await runNode({
			node: { parameters, onError: 'continueErrorOutput' },
			items: threeItemsWithABadOne,
			credentials: credentialsFor(double()),
		});
		expect(error).toBeUndefined();
		const [success, failure] = outputs;
		expect(success.map((item) => [item.json.name, item.pairedItem])).toEqual([['Acme', { item: 0 }]]);
		expect(failure.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[expect.stringContaining('[item 1]'), { item: 1 }],
			['ContactSwing answered 400: Invalid configuration [item 2]', { item: 2 }],
		]);
		// The advice stays with the item.
		expect(failure[1].json.message).toContain('Check the fields named in the message');
	});

	it('without Continue On Fail, invalid input stops the run before anything is sent', async () => {
		const { error } = await runNode({
			node: { parameters },
			items: threeItemsWithABadOne,
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toMatch(/\[item 1\]$/);
		expect(creates()).toHaveLength(0);
	});

	it('without Continue On Fail, an API error stops the run: no item after it is started', async () => {
		double().failWhen((request) => request.body?.name === 'Globex', {
			status: 400,
			body: { detail: 'Invalid configuration' },
		});
		const { error } = await runNode({
			node: { parameters: { ...parameters, phoneNumber: '650175178190170', options: { parallelRequests: 1 } } },
			items: threeItemsWithABadOne,
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toBe('ContactSwing answered 400: Invalid configuration [item 1]');
		expect(creates().map((r) => r.body.name)).toEqual(['Acme', 'Globex']);
	});
});

describe('the JWT stays secret', () => {
	it('never appears in outputs, errors or the serialised run', async () => {
		double().failWhen((request) => request.body?.name === 'Echo', {
			status: 400,
			body: { detail: `bad header Bearer ${FAKE_JWT}` },
		});
		const runs = await Promise.all([
			runNode({
				node: { parameters: whatsappParameters({ name: '={{ $json.name }}' }), onError: 'continueRegularOutput' },
				items: items({ name: 'Fine' }, { name: 'Echo' }, { name: '' }),
				credentials: credentialsFor(double()),
			}),
			runNode({
				node: { parameters: whatsappParameters({ name: 'Echo' }) },
				items: items({}),
				credentials: credentialsFor(double()),
			}),
		]);
		expect(runs[0].outputs[0][1].json.error).toBe('ContactSwing answered 400: bad header Bearer *** [item 1]');
		expect(runs[1].error?.message).toContain('Bearer ***');
		for (const { run } of runs) {
			const serialised = JSON.stringify(run, (_key, value) =>
				value instanceof Error
					? { ...value, message: value.message, description: (value as NodeApiError).description }
					: value,
			);
			expect(serialised).not.toContain(FAKE_JWT);
		}
		expect(double().state.requests.length).toBeGreaterThan(0);
	});
});
