/** Every operation beyond Assistant → Create, inside the n8n engine against the API double. */
import type { INodeExecutionData, INodeListSearchResult, INodeParameters } from 'n8n-workflow';

import { ContactSwing } from '../nodes/ContactSwing/ContactSwing.node';

import { loadOptions, runNode } from './harness/engine';
import { credentialsFor, items, useDouble } from './harness/fixtures';

const double = useDouble();
const USER_ID = '6f439f98-32f6-4b44-928c-6e890e298d51';

async function run(parameters: INodeParameters, input: INodeExecutionData[] = items({})) {
	const result = await runNode({ node: { parameters }, items: input, credentials: credentialsFor(double()) });
	return { ...result, requests: double().state.requests, output: result.outputs[0] ?? [] };
}

const action = (actionType: string, fields: INodeParameters, additionalFields: INodeParameters = {}) => ({
	resource: 'action',
	operation: 'create',
	actionType,
	name: 'My Action',
	description: 'Use it when the caller asks',
	actionTiming: 'DURING',
	...fields,
	additionalFields,
});

describe('Action → Create, one documented type at a time', () => {
	it.each([
		[
			'WEBHOOK',
			action(
				'WEBHOOK',
				{ url: 'https://api.example.com/orders', method: 'POST' },
				{
					headers: '{"X-Source": "n8n"}',
					body: '[{"type": "static", "values": {"data": "info"}}]',
					mandatory: true,
					requiredFields: 'order_id, email',
					responsePrompt: 'Read the status',
					runBeforeCall: false,
					webhookType: 'static',
				},
			),
			{
				webhook: {
					url: 'https://api.example.com/orders',
					method: 'POST',
					headers: { 'X-Source': 'n8n' },
					body: [{ type: 'static', values: { data: 'info' } }],
					mandatory: true,
					required: ['order_id', 'email'],
					response: { prompt: 'Read the status' },
					run_before_call: false,
					type: 'static',
				},
			},
		],
		[
			'SINGLEDATAEXTRACTION',
			{
				...action(
					'SINGLEDATAEXTRACTION',
					{ extractionDescription: 'user interested on buying the product' },
					{
						fieldName: 'interest',
						answerType: 'yes/no',
						syncData: true,
						syncModule: 'customers',
						syncField: 'customer_timezone',
					},
				),
				description: undefined,
			},
			{
				webhook: {
					description: 'user interested on buying the product',
					name: 'interest',
					type: 'yes/no',
					sync_data: true,
					sync_module: 'customers',
					sync_field: 'customer_timezone',
				},
			},
		],
		[
			'SEND_SMS',
			action(
				'SEND_SMS',
				{ smsBody: 'Your code is 1234' },
				{
					to: '+13465507166, +1 346 550 7167',
					from: '+13465507100',
					provider: 'TWILIO',
					responseMessage: "I've just sent you a text message",
				},
			),
			{
				sms: {
					to: { value: ['+13465507166', '+13465507167'] },
					from: '+13465507100',
					body: { value: 'Your code is 1234' },
					provider: 'TWILIO',
					response_message_context: "I've just sent you a text message",
				},
			},
		],
		[
			'SEND_WHATSAPP',
			action(
				'SEND_WHATSAPP',
				{ to: '+1 281 712 6508', from: '650175178190170', templateName: 'call_permession_request' },
				{ bodyParams: 'Ada', languageCode: 'en', isActive: true },
			),
			{
				webhook: {
					to: '12817126508',
					from: '650175178190170',
					template_name: 'call_permession_request',
					body_params: ['Ada'],
					language_code: 'en',
				},
				is_active: true,
			},
		],
		[
			'CALL_TRANSFER',
			action(
				'CALL_TRANSFER',
				{ phoneNumber: '12817126508' },
				{ speech: 'Transferring you now', runBeforeCall: true, extensionEnabled: false },
			),
			{
				phone_number: '12817126508',
				speech: 'Transferring you now',
				runBeforeCall: true,
				webhook: { extension_enabled: false },
			},
		],
		[
			'DTMF_ACTION',
			action('DTMF_ACTION', { dtmfDescription: 'Enter your account number' }, { mandatory: true }),
			{ webhook: { description: 'Enter your account number', mandatory: true } },
		],
		[
			'LABOREDGE',
			action('LABOREDGE', { laboredgeOperation: 'upsert_candidate' }, { mandatory: true }),
			{ webhook: { type: 'upsert_candidate', mandatory: true } },
		],
		[
			'APPOINTMENT',
			action(
				'APPOINTMENT',
				{ calendarEmail: 'ada@example.com', calendarType: 'outlook', userId: USER_ID },
				{
					timeZone: 'Africa/Algiers',
					bufferTime: 15,
					roundRobinEmails: 'bob@example.com',
					bookingTimings: { day: [{ weekday: 'monday', startTime: '09:00', endTime: '17:00' }] },
				},
			),
			{
				webhook: {
					email: 'ada@example.com',
					type: 'outlook',
					user_id: USER_ID,
					timezone: 'Africa/Algiers',
					buffer_time: 15,
					round_robin_emails: ['bob@example.com'],
					booking_timings: { monday: { start_time: '09:00', end_time: '17:00' } },
				},
			},
		],
	])('%s sends its documented body to POST /v2/_actions', async (type, parameters, expected) => {
		const { requests, output, error } = await run(parameters as INodeParameters);
		expect(error).toBeUndefined();
		const { description, ...rest } = requests[0].body;
		expect(requests.map((r) => [r.method, r.path])).toEqual([['POST', '/v2/_actions']]);
		expect(rest).toEqual({ type, name: 'My Action', action_timing: 'DURING', ...expected });
		expect(description).toBe(type === 'SINGLEDATAEXTRACTION' ? undefined : 'Use it when the caller asks');
		expect(double().state.violations).toEqual([]);
		expect(output[0].json).toMatchObject({
			action_id: expect.any(String),
			name: 'My Action',
			ctx_id: expect.any(String),
		});
	});

	it('Data Extraction always sends the webhook object the page requires', async () => {
		const { requests, error } = await run({
			...action('SINGLEDATAEXTRACTION', { extractionDescription: "the caller's time zone" }),
			description: undefined,
		});
		expect(error).toBeUndefined();
		expect(requests[0].body).toEqual({
			type: 'SINGLEDATAEXTRACTION',
			name: 'My Action',
			action_timing: 'DURING',
			webhook: { description: "the caller's time zone" },
		});
		expect(double().state.violations).toEqual([]);
	});

	it('SMS without To texts the person on the conversation: the documented empty list', async () => {
		const { requests, error } = await run(action('SEND_SMS', { smsBody: 'Your booking link: https://example.com/b' }));
		expect(error).toBeUndefined();
		expect(requests[0].body.sms).toEqual({
			to: { value: [] },
			body: { value: 'Your booking link: https://example.com/b' },
		});
		expect(double().state.violations).toEqual([]);
	});

	it.each([
		[
			'a data extraction without a prompt',
			{ ...action('SINGLEDATAEXTRACTION', { extractionDescription: '={{ $json.missing }}' }), description: undefined },
			'"Extraction Prompt" is required but empty [item 0]',
		],
		[
			'a Laboredge action without an operation',
			action('LABOREDGE', { laboredgeOperation: '={{ $json.missing }}' }),
			'"Laboredge Operation" is required but empty [item 0]',
		],
		[
			'a booking window given as 9am',
			action(
				'APPOINTMENT',
				{ calendarEmail: 'ada@example.com', calendarType: 'google', userId: USER_ID },
				{ bookingTimings: { day: [{ weekday: 'monday', startTime: '9am', endTime: '17:00' }] } },
			),
			'"Booking Timings" → "Start Time" must be a time as HH:MM (24 hours), but it is "9am" [item 0]',
		],
		[
			'a booking window that ends before it starts',
			action(
				'APPOINTMENT',
				{ calendarEmail: 'ada@example.com', calendarType: 'google', userId: USER_ID },
				{ bookingTimings: { day: [{ weekday: 'friday', startTime: '17:00', endTime: '09:00' }] } },
			),
			'"Booking Timings" has friday ending (09:00) before it starts (17:00) [item 0]',
		],
		[
			'a time zone that is not IANA',
			action(
				'APPOINTMENT',
				{ calendarEmail: 'ada@example.com', calendarType: 'google', userId: USER_ID },
				{ timeZone: 'CET+1' },
			),
			'"Time Zone" must be an IANA time zone, but it is "CET+1" [item 0]',
		],
		[
			'a user ID that is not a UUID',
			action('APPOINTMENT', { calendarEmail: 'ada@example.com', calendarType: 'google', userId: 'ada' }),
			'"User ID" must be a UUID, but it is "ada" [item 0]',
		],
		[
			'an SMS recipient without country code',
			action('SEND_SMS', {}, { to: '346 550 7166' }),
			'"To" must be a phone number in E.164 format, but it is "346 550 7166" [item 0]',
		],
		[
			'a WhatsApp recipient with letters',
			action('SEND_WHATSAPP', { to: 'ada', from: '650175178190170', templateName: 't' }),
			'"To" must be a phone number of digits, but it is "ada" [item 0]',
		],
		[
			'an API webhook without URL',
			action('WEBHOOK', { url: '={{ $json.url }}', method: 'POST' }),
			'"URL" is required but empty [item 0]',
		],
	])('refuses %s before sending', async (_case, parameters, message) => {
		const { error, requests } = await run(parameters as INodeParameters);
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(message);
		expect(requests).toHaveLength(0);
	});
});

describe('lists follow the pagination (Return All, Limit, Simplify)', () => {
	it('Action → Get Many returns every action across pages', async () => {
		const seeded = double().state.actions.length;
		const added = 150;
		const perItem = seeded + added;
		double().state.actions.push(
			...Array.from({ length: added }, (_, i) => ({
				id: `x-${i}`,
				name: `X ${i}`,
				type: 'WEBHOOK',
				is_active: false,
				webhook: { url: 'https://x' },
			})),
		);
		const { output, requests } = await run(
			{ resource: 'action', operation: 'getAll', returnAll: true, simplify: true, options: { parallelRequests: 1 } },
			items({}, {}),
		);
		expect(requests.map((r) => r.query)).toEqual([
			{ page: '1', per_page: '100' },
			{ page: '2', per_page: '100' },
			{ page: '1', per_page: '100' },
			{ page: '2', per_page: '100' },
		]);
		// Two input items, each listing every action.
		expect(output).toHaveLength(2 * perItem);
		expect(output[perItem - 1].json).toEqual({
			id: `x-${added - 1}`,
			name: `X ${added - 1}`,
			type: 'WEBHOOK',
			is_active: false,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[perItem].pairedItem).toEqual({ item: 1 });
	});

	it('Customer → Get Many stops at the Limit, and returns raw records without Simplify', async () => {
		const { output, requests } = await run({
			resource: 'customer',
			operation: 'getAll',
			returnAll: false,
			limit: 7,
			simplify: false,
		});
		expect(requests.map((r) => [r.path, r.query])).toEqual([['/v2/_customers', { page: '1', per_page: '7' }]]);
		expect(output.map((item) => item.json.id)).toEqual([
			'cus-001',
			'cus-002',
			'cus-003',
			'cus-004',
			'cus-005',
			'cus-006',
			'cus-007',
		]);
	});

	it.each([
		['text', 'ten'],
		['a fraction', 2.5],
		['zero', 0],
	])('refuses a Limit that is %s, naming the field, instead of returning nothing', async (_case, limit) => {
		const { error, requests } = await run({
			resource: 'customer',
			operation: 'getAll',
			returnAll: false,
			limit: `={{ ${JSON.stringify(limit)} }}`,
			simplify: true,
		});
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(/^"Limit" must be a whole number of 1 or more, but it is .* \[item 0\]$/);
		expect(requests).toHaveLength(0);
	});

	it('Customer → Get Many pages by total_records when there is no has_next', async () => {
		const seeded = double().state.customers.length;
		const added = 180;
		double().state.customers.push(
			...Array.from({ length: added }, (_, i) => ({
				id: `more-${i}`,
				name: `More ${i}`,
				phone: '+15550100000',
				email: 'm@example.com',
				tags: ['x'],
			})),
		);
		const { output, requests } = await run({
			resource: 'customer',
			operation: 'getAll',
			returnAll: true,
			simplify: true,
		});
		expect(requests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
		expect(output).toHaveLength(seeded + added);
		expect(output[seeded + added - 1].json).toEqual({
			id: `more-${added - 1}`,
			name: `More ${added - 1}`,
			phone: '+15550100000',
			email: 'm@example.com',
		});
	});

	it('Call → Get Many pages through all calls, at most 100 a page', async () => {
		const { output, requests } = await run({ resource: 'call', operation: 'getAll', returnAll: true, simplify: true });
		expect(requests.map((r) => [r.path, r.query])).toEqual([
			['/v2/_calls', { page: '1', per_page: '100' }],
			['/v2/_calls', { page: '2', per_page: '100' }],
		]);
		expect(output).toHaveLength(double().state.calls.length);
		expect(output[1].json).toEqual({ id: 'call-2', customer_name: 'Customer 2', status: 'completed', duration: 7 });
	});
});

describe('Knowledge Base', () => {
	it('Create sends name and description', async () => {
		const { requests, output } = await run({
			resource: 'knowledgeBase',
			operation: 'create',
			name: 'Product Documentation',
			additionalFields: { description: 'Technical docs and FAQs' },
		});
		expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', '/v2/_knowledge_base', { name: 'Product Documentation', description: 'Technical docs and FAQs' }],
		]);
		expect(output[0].json).toMatchObject({ id: expect.any(String), name: 'Product Documentation' });
	});

	it("Update uploads the input item's binary files as multipart, with URLs and FAQs", async () => {
		const pdf = Buffer.from('%PDF-1.4 fake document with ünïcödé');
		const input: INodeExecutionData[] = [
			{
				json: {},
				binary: {
					data: { data: pdf.toString('base64'), mimeType: 'application/pdf', fileName: 'guide.pdf' },
					sheet: { data: Buffer.from('a,b\n1,2').toString('base64'), mimeType: 'text/csv', fileName: 'prices.csv' },
				},
			},
		];
		const { requests, output, error } = await run(
			{
				resource: 'knowledgeBase',
				operation: 'update',
				knowledgeBaseId: 'kb-1',
				files: 'data, sheet',
				updateFields: {
					name: 'Docs 2027',
					urls: 'https://example.com/docs.pdf, https://example.com/faq',
					faqs: { faq: [{ question: 'Do you ship abroad?', answer: 'Yes, to 30 countries.' }] },
				},
			},
			input,
		);
		expect(error).toBeUndefined();
		expect(requests[0].method).toBe('PUT');
		expect(requests[0].path).toBe('/v2/_knowledgebase/kb-1');
		expect(requests[0].contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(requests[0].body.fields).toEqual({
			name: ['Docs 2027'],
			'urls[]': ['https://example.com/docs.pdf', 'https://example.com/faq'],
			'faqs[]': ['Q: Do you ship abroad?|A: Yes, to 30 countries.'],
		});
		expect(requests[0].body.files).toEqual([
			{
				field: 'files',
				filename: 'guide.pdf',
				contentType: 'application/pdf',
				size: pdf.length,
				text: pdf.toString('utf8'),
			},
			{ field: 'files', filename: 'prices.csv', contentType: 'text/csv', size: 7, text: 'a,b\n1,2' },
		]);
		expect(output[0].json).toMatchObject({ id: 'kb-1', name: 'Docs 2027', document_count: 4 });
	});

	it.each([
		[
			'a binary field the item does not have',
			{ files: 'attachment' },
			'"Input Binary Field(s)" names the input field "attachment", which item 0 does not have [item 0]',
		],
		[
			'nothing to update',
			{},
			'Nothing to update: name an "Input Binary Field(s)" or add at least one of the Update Fields [item 0]',
		],
	])('Update refuses %s before sending', async (_case, parameters, message) => {
		const { error, requests } = await run({
			resource: 'knowledgeBase',
			operation: 'update',
			knowledgeBaseId: 'kb-1',
			...parameters,
		});
		expect(error?.message).toBe(message);
		expect(requests).toHaveLength(0);
	});

	it('Update at version 1 names the list a missing file is in: "Uploaded Files", as its panel shows it', async () => {
		const parameters = {
			resource: 'knowledgeBase',
			operation: 'update',
			knowledgeBaseId: 'kb-1',
			updateFields: { files: 'data', uploadedFiles: 'attachment' },
		};
		const { error } = await runNode({
			node: { typeVersion: 1, parameters },
			items: [{ json: {}, binary: { data: { data: 'JVBERg==', mimeType: 'application/pdf' } } }],
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toBe(
			'"Uploaded Files: Input Data Field Names" names the input field "attachment", which item 0 does not have [item 0]',
		);
		expect(double().state.requests).toHaveLength(0);
	});
});

describe('Customer → Update', () => {
	it.each([
		['From List', { __rl: true, mode: 'list', value: 'cus-003', cachedResultName: 'Customer 3' }],
		['By ID', { __rl: true, mode: 'id', value: 'cus-003' }],
	])('updates the customer picked %s', async (_mode, customerId) => {
		const { requests, output, error } = await run({
			resource: 'customer',
			operation: 'update',
			customerId,
			updateFields: {
				name: 'John Doe Updated',
				phone: '+1 987 654 321',
				email: 'john@example.com',
				tags: 'vip, loyal',
			},
		});
		expect(error).toBeUndefined();
		expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
			[
				'PUT',
				'/v2/_customers/cus-003',
				{ name: 'John Doe Updated', phone: '+1987654321', email: 'john@example.com', tags: ['vip', 'loyal'] },
			],
		]);
		expect(output[0].json).toMatchObject({ id: 'cus-003', name: 'John Doe Updated' });
	});

	it.each([
		['nothing to update', {}, 'Nothing to update: add at least one of the Update Fields [item 0]'],
		['an email without domain', { email: 'john@' }, '"Email" must be an email address, but it is "john@" [item 0]'],
	])('refuses %s', async (_case, updateFields, message) => {
		const { error, requests } = await run({
			resource: 'customer',
			operation: 'update',
			customerId: { __rl: true, mode: 'id', value: 'cus-001' },
			updateFields,
		});
		expect(error?.message).toBe(message);
		expect(requests).toHaveLength(0);
	});

	it('the customer picker searches and pages', async () => {
		double().state.customers.push(
			...Array.from({ length: 120 }, (_, i) => ({
				id: `vip-${i}`,
				name: `Vip ${i}`,
				email: `vip${i}@example.com`,
				phone: '',
			})),
		);
		const node = { parameters: { resource: 'customer', operation: 'update' } };
		const first = await loadOptions('searchCustomers', { node, credentials: credentialsFor(double()) }, 'vip 11');
		expect(first).toEqual({ results: [{ name: 'Vip 11 · vip11@example.com', value: 'vip-11' }], paginationToken: '2' });
		const second = (await loadOptions(
			'searchCustomers',
			{ node, credentials: credentialsFor(double()) },
			'vip 11',
			'2',
		)) as INodeListSearchResult;
		expect(second.results.map((r) => r.value)).toEqual([
			'vip-110',
			'vip-111',
			'vip-112',
			'vip-113',
			'vip-114',
			'vip-115',
			'vip-116',
			'vip-117',
			'vip-118',
			'vip-119',
		]);
		expect(second.paginationToken).toBeUndefined();
	});

	it.each([
		['an email', 'CUSTOMER3@example', 'cus-003'],
		['a phone number', '+1555010000', undefined],
		['a name', 'customer 12', 'cus-012'],
		['an ID', 'cus-020', 'cus-020'],
	])('the customer picker finds a customer by %s', async (_case, filter, expected) => {
		double().state.customers.push({
			id: 'by-phone',
			name: 'Phone Only',
			email: 'phone.only@example.com',
			phone: '+15550100007',
		});
		const node = { parameters: { resource: 'customer', operation: 'update' } };
		const { results } = (await loadOptions(
			'searchCustomers',
			{ node, credentials: credentialsFor(double()) },
			filter,
		)) as INodeListSearchResult;
		if (expected) expect(results.map((r) => r.value)).toContain(expected);
		// The label shows the email, so a phone-only match proves the search reads the phone.
		else
			expect(results.map((r) => [r.value, r.name])).toContainEqual(['by-phone', 'Phone Only · phone.only@example.com']);
	});
});

describe('Call', () => {
	it('Start and Make Call say in the dropdown which to use (issue 31 item 4)', () => {
		const operations = new ContactSwing().description.properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('call'),
		)!.options as Array<{ value: string; description: string }>;
		const described = Object.fromEntries(operations.map(({ value, description }) => [value, description]));
		expect(described.start).toMatch(/^Call a number with a voice agent.*: use this rather than Make Call\./);
		expect(described.makeCall).toMatch(/^Like Start.*: use it only where ContactSwing asks for it\./);
	});

	it('Start posts the unified call', async () => {
		const { requests, output } = await run({
			resource: 'call',
			operation: 'start',
			phoneNumber: '+1 234 567 890',
			agentId: 'agent_123',
			additionalFields: { customerName: 'John Doe', callPurpose: 'Appointment reminder', version: 'v2' },
		});
		expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
			[
				'POST',
				'/v2/_call',
				{
					phone_number: '+1234567890',
					agent_id: 'agent_123',
					customer_name: 'John Doe',
					call_purpose: 'Appointment reminder',
					version: 'v2',
				},
			],
		]);
		expect(output[0].json).toMatchObject({ call_id: expect.any(String), status: 'queued', version: 'v2' });
	});

	it('Start waits out the documented rate limit (429) instead of losing calls', async () => {
		double().failWhen((r) => r.path === '/v2/_call', {
			status: 429,
			body: { detail: 'Rate limit exceeded: 10 calls per minute' },
			headers: { 'retry-after': '1' },
			times: 1,
		});
		const { output, requests } = await run(
			{ resource: 'call', operation: 'start', phoneNumber: '+1234567890', agentId: 'agent_123' },
			items({}, {}),
		);
		expect(requests).toHaveLength(3);
		expect(output.map((item) => item.json.status)).toEqual(['queued', 'queued']);
		// The Retry-After second is waited out: the retry is not sent until it has passed (a backoff
		// would be 0.25–0.5 s). The two first calls go together; on a busy machine the other may reach
		// the server just after the 429 left it, sent before the node could know of it.
		const limited = requests.find((r) => r.status === 429)!;
		const retry = [...requests].sort((a, b) => a.receivedAt - b.receivedAt)[2];
		expect(retry.receivedAt - limited.answeredAt!).toBeGreaterThanOrEqual(950);
	});

	it('Make Call puts the agent in the path', async () => {
		const { requests } = await run({
			resource: 'call',
			operation: 'makeCall',
			agentId: 'agent 7',
			phoneNumber: '+1234567890',
			additionalFields: { callPurpose: 'Follow-up appointment' },
		});
		expect(requests.map((r) => [r.path, r.body])).toEqual([
			['/v2/_voicecalls/agent%207/makeCall', { phone_number: '+1234567890', call_purpose: 'Follow-up appointment' }],
		]);
	});

	it('refuses a callee that is not E.164', async () => {
		const { error, requests } = await run({
			resource: 'call',
			operation: 'start',
			phoneNumber: '0171 555',
			agentId: 'agent_123',
		});
		expect(error?.message).toBe('"Phone Number" must be a phone number in E.164 format, but it is "0171 555" [item 0]');
		expect(requests).toHaveLength(0);
	});
});

describe('Campaign → Create', () => {
	const base = {
		resource: 'campaign',
		operation: 'create',
		name: 'Spring promo',
		touchpointName: 'First touch',
		touchpointStatus: 'scheduled',
		startAt: '2026-12-01T09:00:00Z',
		assistantId: 42,
	};

	it('with an Email touchpoint', async () => {
		const { requests, output, error } = await run({
			...base,
			touchpointChannel: 'EMAIL',
			customers: { customer: [{ id: 'cus-001', email: 'customer1@example.com' }] },
			emailSubject: 'Welcome',
			emailBody: '<p>Hi</p>',
			additionalFields: {
				executionDays: 'monday, tuesday',
				startHour: 9,
				endHour: 17,
				timeZone: 'America/New_York',
				fromEmails: 'sales@example.com',
				businessGoal: 'Upsell',
			},
		});
		expect(error).toBeUndefined();
		expect(requests.map((r) => [r.path, r.body])).toEqual([
			[
				'/v2/_campaign/create_with_touchpoint',
				{
					name: 'Spring promo',
					business_goal: 'Upsell',
					touchpoint: {
						name: 'First touch',
						type: 'EMAIL',
						status: 'scheduled',
						start_at: '2026-12-01T09:00:00Z',
						assistant_id: 42,
						customer_details: [{ id: 'cus-001', email: 'customer1@example.com' }],
						email_subject: 'Welcome',
						email_body: '<p>Hi</p>',
						additional_settings: {
							execution_days: ['monday', 'tuesday'],
							start_hour: 9,
							end_hour: 17,
							time_zone: 'America/New_York',
							from_emails: ['sales@example.com'],
						},
					},
				},
			],
		]);
		expect(output[0].json).toMatchObject({ id: expect.any(String), name: 'Spring promo', status: 'scheduled' });
	});

	it("with a WhatsApp touchpoint, on the WhatsApp page's own path", async () => {
		const { requests, error } = await run({
			...base,
			touchpointChannel: 'WHATSAPP',
			template: 'spring_offer',
			customers: { customer: [{ id: 'cus-002', toNumber: '+1 281 712 6508' }] },
			additionalFields: {
				languageCode: 'en',
				bodyParams: '{"is_static": true, "params": [{"text": "Ada"}]}',
				fromNumbers: '650175178190170',
				delay: 5,
				ignoreSuppression: false,
				variables: '[{"name": "first_name"}]',
			},
		});
		expect(error).toBeUndefined();
		expect(requests.map((r) => [r.path, r.body.touchpoint])).toEqual([
			[
				'/v2/campaign/create_with_touchpoint',
				{
					name: 'First touch',
					type: 'WHATSAPP',
					status: 'scheduled',
					start_at: '2026-12-01T09:00:00Z',
					assistant_id: 42,
					customer_details: [{ id: 'cus-002', to_number: '12817126508' }],
					whatsapp_data: {
						template: 'spring_offer',
						language_code: 'en',
						body_params: { is_static: true, params: [{ text: 'Ada' }] },
					},
					additional_settings: { from_numbers: ['650175178190170'], delay: 5, ignore_suppression: false },
					variables: [{ name: 'first_name' }],
				},
			],
		]);
		expect(double().state.violations).toEqual([]);
	});

	const whatsappCampaign = {
		...base,
		touchpointChannel: 'WHATSAPP',
		template: 'spring_offer',
		customers: { customer: [{ id: 'cus-002', toNumber: '+1 281 712 6508' }] },
	};

	it("tries the underscore path once when the WhatsApp page's own path answers 404", async () => {
		double().configure({
			campaignPaths: {
				EMAIL: '/v2/_campaign/create_with_touchpoint',
				WHATSAPP: '/v2/_campaign/create_with_touchpoint',
			},
		});
		const { requests, output, error } = await run(whatsappCampaign);
		expect(error).toBeUndefined();
		expect(requests.map((r) => [r.path, r.status])).toEqual([
			['/v2/campaign/create_with_touchpoint', 404],
			['/v2/_campaign/create_with_touchpoint', 201],
		]);
		expect(output[0].json).toMatchObject({ name: 'Spring promo', status: 'scheduled' });
		expect(double().state.violations).toEqual([]);
	});

	it.each([
		[
			'a 404 from the Email path',
			{
				...base,
				touchpointChannel: 'EMAIL',
				customers: { customer: [{ id: 'cus-001', email: 'customer1@example.com' }] },
			},
			404,
		],
		['a 400 from the WhatsApp path', whatsappCampaign, 400],
		['a 500 from the WhatsApp path (it may have been created)', whatsappCampaign, 500],
	])('sends nothing else after %s', async (_case, parameters, status) => {
		double().failWhen(() => true, { status, body: { detail: 'No' } });
		const { requests, error } = await run(parameters as INodeParameters);
		expect(error?.message).toBe(`ContactSwing answered ${status}: No [item 0]`);
		expect(requests).toHaveLength(1);
	});

	it.each([
		[
			'an assistant ID of 0',
			{ assistantId: 0 },
			'"Agent ID" must be a whole number of 1 or more, but it is number "0" [item 0]',
		],
		[
			'a start date that is not ISO 8601',
			{ startAt: 'next monday' },
			'"Start At" must be a date and time in ISO 8601, but it is "next monday" [item 0]',
		],
		[
			'a window that ends before it starts',
			{ additionalFields: { startHour: 18, endHour: 9 } },
			'"End Hour" (9) must be later than "Start Hour" (18) [item 0]',
		],
		[
			'an hour of 25',
			{ additionalFields: { startHour: 25 } },
			'"Start Hour" must be a whole number from 0 to 23, but it is number "25" [item 0]',
		],
		[
			'a customer email without domain',
			{ customers: { customer: [{ id: 'c', email: 'ada' }] } },
			'"Customers" → "Email" must be an email address, but it is "ada" [item 0]',
		],
	])('refuses %s before sending', async (_case, override, message) => {
		const { error, requests } = await run({
			...base,
			touchpointChannel: 'EMAIL',
			customers: { customer: [{ id: 'cus-001', email: 'customer1@example.com' }] },
			...override,
		} as INodeParameters);
		expect(error?.message).toBe(message);
		expect(requests).toHaveLength(0);
	});
});

describe('API Key → Create', () => {
	it('sends name, description, scopes and expiry, and accepts the undocumented empty answer', async () => {
		const { requests, output, error } = await run({
			resource: 'apiKey',
			operation: 'create',
			name: 'My Production API Key',
			additionalFields: {
				description: 'SMS and Webhook actions only',
				permissions: 'actions:read, actions:write, sms:send',
				expiresAt: '2026-12-31T23:59:59Z',
			},
		});
		expect(error).toBeUndefined();
		expect(requests.map((r) => [r.method, r.path, r.body])).toEqual([
			[
				'POST',
				'/v2/_api_keys',
				{
					name: 'My Production API Key',
					description: 'SMS and Webhook actions only',
					permissions: ['actions:read', 'actions:write', 'sms:send'],
					expires_at: '2026-12-31T23:59:59Z',
				},
			],
		]);
		expect(output.map((item) => [item.json, item.pairedItem])).toEqual([[{}, { item: 0 }]]);
	});
});
