/**
 * Dry Run: every item is checked as in a real run, nothing that writes is sent, and each item's
 * output is the request the node would have sent (request-bodies.test.ts holds every operation's
 * against the golden requests). Reads still run.
 */
import type { INodeProperties, INodeType } from 'n8n-workflow';

import { ContactSwing } from '../nodes/ContactSwing/ContactSwing.node';
import { runNode } from './harness/engine';
import { credentialsFor, FAKE_JWT, items, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

/** Two agents to create; the second has a phone number that is no WhatsApp Business number. */
const twoAgents = () => ({
	parameters: whatsappParameters({ phoneNumber: '={{ $json.phone }}' }),
	items: items({ phone: '650175178190170' }, { phone: 'not a number' }),
});

it('refuses a bad item with the same message as a real run, and sends nothing', async () => {
	const { parameters, items: input } = twoAgents();
	const real = await runNode({ node: { parameters }, items: input, credentials: credentialsFor(double()) });
	expect(real.error?.message).toMatch(/Phone Number.*\[item 1\]$/);
	double().state.requests.length = 0;

	const dry = await runNode({
		node: { parameters: { ...parameters, options: { dryRun: true } } },
		items: input,
		credentials: credentialsFor(double()),
	});
	expect(dry.error?.message).toBe(real.error?.message);
	expect(dry.error?.description).toBe(real.error?.description);
	expect(double().state.requests).toHaveLength(0);
});

it('with Continue On Fail, outputs the good item as a request not sent and the bad one as its error', async () => {
	const { parameters, items: input } = twoAgents();
	const { outputs } = await runNode({
		node: { parameters: { ...parameters, options: { dryRun: true } }, onError: 'continueRegularOutput' },
		items: input,
		credentials: credentialsFor(double()),
	});
	const [sent, refused] = outputs[0];
	expect(sent.json).toMatchObject({ dry_run: true, request: { method: 'POST', path: '/v2/_new_assistants' } });
	expect(sent.json).not.toHaveProperty('assistant_id');
	expect(sent.pairedItem).toEqual({ item: 0 });
	expect(refused.json.error).toMatch(/Phone Number/);
	expect(refused.pairedItem).toEqual({ item: 1 });
	expect(JSON.stringify(outputs)).not.toContain(FAKE_JWT);
	expect(double().state.requests).toHaveLength(0);
});

it('takes "true" from an expression as on, and false as off', async () => {
	const run = async (dryRun: unknown) =>
		await runNode({
			node: { parameters: whatsappParameters({ options: { dryRun } as never }) },
			items: items({}),
			credentials: credentialsFor(double()),
		});
	expect((await run('={{ "true" }}')).outputs[0][0].json.dry_run).toBe(true);
	expect(double().state.requests).toHaveLength(0);
	expect((await run(false)).outputs[0][0].json).toHaveProperty('assistant_id');
	expect(double().state.requests).toHaveLength(1);
});

/**
 * The node as it would be if Dry Run were offered on a read too: n8n drops an option its operation
 * does not show before the node runs, so only this reaches the guard with a read in a Dry Run.
 */
function withDryRunOnEveryOperation(): INodeType {
	const node = new ContactSwing();
	const properties = node.description.properties.map((property) =>
		property.name === 'options'
			? {
					...property,
					options: (property.options as INodeProperties[]).map((option) => ({ ...option, displayOptions: undefined })),
				}
			: property,
	);
	node.description = { ...node.description, properties };
	return node;
}

it('still reads: the guard lets a read through in a Dry Run, and n8n drops Dry Run left on from a write', async () => {
	const getAll = { resource: 'customer', operation: 'getAll', returnAll: true, options: { dryRun: true } };
	for (const nodeType of [withDryRunOnEveryOperation(), undefined]) {
		double().state.requests.length = 0;
		const { outputs, error } = await runNode({
			node: { parameters: getAll },
			items: items({}),
			credentials: credentialsFor(double()),
			nodeType,
		});
		expect(error?.message).toBeUndefined();
		expect(outputs[0]).toHaveLength(25);
		expect(double().state.requests.map(({ method }) => method)).toEqual(['GET']);
	}
});

it('masks the token even where a field carries it', async () => {
	const { outputs } = await runNode({
		node: {
			parameters: whatsappParameters({
				additionalFields: { extraBody: `{"note": "${FAKE_JWT}"}` },
				options: { dryRun: true },
			}),
		},
		items: items({}),
		credentials: credentialsFor(double()),
	});
	expect(outputs[0][0].json).toMatchObject({ dry_run: true, request: { body: { note: '***' } } });
	expect(JSON.stringify(outputs)).not.toContain(FAKE_JWT.slice(0, 16));
	expect(double().state.requests).toHaveLength(0);
});

describe('Dry Run from an expression, resolved per item', () => {
	const dryRunFrom = (input: ReturnType<typeof items>, onError?: 'continueRegularOutput') =>
		runNode({
			node: {
				parameters: whatsappParameters({ options: { dryRun: '={{ $json.dryRun }}' } as never }),
				...(onError ? { onError } : {}),
			},
			items: input,
			credentials: credentialsFor(double()),
		});

	it('never sends an item whose own Dry Run is on, whatever the first item says', async () => {
		const { error } = await dryRunFrom(items({ dryRun: false }, { dryRun: true }));
		expect(error?.message).toMatch(/^"Dry Run" is on for this item, but off for item 0.*\[item 1\]$/);
		expect(double().state.requests).toHaveLength(0);

		const { outputs } = await dryRunFrom(items({ dryRun: false }, { dryRun: true }), 'continueRegularOutput');
		expect(outputs[0][0].json).toHaveProperty('assistant_id');
		expect(outputs[0][1].json.error).toMatch(/^"Dry Run" is on for this item, but off for item 0/);
		expect(double().state.requests).toHaveLength(1);
	});

	it('refuses a value that is neither true nor false, rather than send', async () => {
		for (const dryRun of [1, 'TRUE', 'yes']) {
			const { error } = await dryRunFrom(items({ dryRun }));
			expect(error?.message).toMatch(/^"Dry Run" must be true or false, but it is .*\[item 0\]$/);
		}
		expect(double().state.requests).toHaveLength(0);
	});
});

it("describes an upload's files as they would be sent: the MIME type and file name the form carries", async () => {
	const upload = (dryRun: boolean) =>
		runNode({
			node: {
				parameters: {
					resource: 'knowledgeBase',
					operation: 'update',
					knowledgeBaseId: 'kb-1',
					files: 'data',
					options: { dryRun },
				},
			},
			items: [
				{
					json: {},
					binary: {
						// A MIME type that is not one (as a server's odd Content-Type may leave it), a name with a quote.
						data: {
							data: Buffer.from('%PDF-1.4').toString('base64'),
							mimeType: 'pdf file',
							fileName: 'the "guide".pdf',
						},
					},
				},
			],
			credentials: credentialsFor(double()),
		});
	await upload(false);
	const [sent] = double().state.requests.map(
		(request) => (request.body as { files: Array<Record<string, unknown>> }).files,
	);
	const { outputs } = await upload(true);
	expect(double().state.requests).toHaveLength(1);
	const described = (outputs[0][0].json.request as { files: object[] }).files;
	expect(described).toEqual(
		sent.map(({ field, filename, contentType, size }) => ({
			field,
			file_name: filename,
			mime_type: contentType,
			size,
		})),
	);
});
