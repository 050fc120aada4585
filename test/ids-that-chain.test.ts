/**
 * IDs that chain: Campaign → Create takes the agent a builder has, as Agent → Create outputs it.
 * The docs type a campaign's `touchpoint.assistant_id` as an integer and every other agent ID as
 * text (docs/api-choices.md): text passes as it is sent, a whole number is sent as a number.
 */
import type { INode, INodeParameters, IWorkflowBase } from 'n8n-workflow';

import { NODE_TYPE, runExampleWorkflow, runNode } from './harness/engine';
import { credentialsFor, items, useDouble, whatsappParameters } from './harness/fixtures';

const double = useDouble();

const campaign = (assistantId: unknown): INodeParameters => ({
	resource: 'campaign',
	operation: 'create',
	touchpointChannel: 'EMAIL',
	name: 'Spring promotion',
	touchpointName: 'First email',
	startAt: '2027-01-04T09:00:00Z',
	assistantId: assistantId as string,
	customers: { customer: [{ id: 'cus-001', email: 'customer1@example.com' }] },
});

const node = (name: string, x: number, parameters: INodeParameters): INode => ({
	id: name,
	name,
	type: NODE_TYPE,
	typeVersion: 1.1,
	position: [x, 0],
	parameters,
	credentials: { contactSwingApi: { id: '1', name: 'ContactSwing account' } },
});

it('Agent → Create → Campaign → Create with {{ $json.assistant_id }} sends that ID', async () => {
	const workflow = {
		nodes: [
			{
				id: 'start',
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			node('Create agent', 200, whatsappParameters()),
			node('Create campaign', 400, campaign('={{ $json.assistant_id }}')),
		],
		connections: {
			Start: { main: [[{ node: 'Create agent', type: 'main', index: 0 }]] },
			'Create agent': { main: [[{ node: 'Create campaign', type: 'main', index: 0 }]] },
		},
		pinData: { Start: [{ json: {} }] },
	} as unknown as IWorkflowBase;
	const { error, outputs } = await runExampleWorkflow(workflow, credentialsFor(double()));
	expect(error).toBeUndefined();
	const [agent] = double().state.assistants;
	expect(agent.assistant_id).toMatch(/^[0-9a-f-]{36}$/);
	const [, campaignRequest] = double().state.requests;
	expect(campaignRequest.body.touchpoint.assistant_id).toBe(agent.assistant_id);
	expect(outputs['Create campaign']).toHaveLength(1);
	expect(double().state.violations).toEqual([]);
});

it.each([
	['a whole number', 42, 42],
	['a whole number typed as text', ' 42 ', 42],
	['a whole number from an expression', '={{ 7 }}', 7],
	['a UUID, as sent', '3f2b8c1e-5d4a-4e7b-9c6d-1a2b3c4d5e6f', '3f2b8c1e-5d4a-4e7b-9c6d-1a2b3c4d5e6f'],
	['more digits than a number holds exactly, as sent', '12345678901234567890', '12345678901234567890'],
	[
		'a UUID with the spaces and line break a form leaves, trimmed',
		' 3f2b8c1e-5d4a-4e7b-9c6d-1a2b3c4d5e6f\n',
		'3f2b8c1e-5d4a-4e7b-9c6d-1a2b3c4d5e6f',
	],
])('Agent ID: %s', async (_case, assistantId, sent) => {
	const { error } = await runNode({
		node: { parameters: campaign(assistantId) },
		items: items({}),
		credentials: credentialsFor(double()),
	});
	expect(error).toBeUndefined();
	expect(double().state.requests[0].body.touchpoint.assistant_id).toBe(sent);
});

it.each([
	['empty, from an expression', '={{ $json.missing }}', '"Agent ID" is required but empty [item 0]'],
	['0', 0, '"Agent ID" must be a whole number of 1 or more, but it is number "0" [item 0]'],
	[
		'a fraction typed as text',
		'4.5',
		'"Agent ID" must be a whole number of 1 or more, but it is string "4.5" [item 0]',
	],
	['an object', '={{ { id: 1 } }}', '"Agent ID" must be text, but it is an object [item 0]'],
	[
		'a number that lost digits (it would name another agent)',
		'={{ 12345678901234567890 }}',
		'"Agent ID" must be a whole number of at most 9007199254740991, but it is number "12345678901234567000" [item 0]',
	],
	[
		'a negative number of many digits',
		'-12345678901234567890',
		'"Agent ID" must be a whole number of 1 or more, but it is string "-12345678901234567890" [item 0]',
	],
	[
		'a fraction of many digits',
		'12345678901234567890.5',
		'"Agent ID" must be a whole number of at most 9007199254740991, but it is string "12345678901234567890.5" [item 0]',
	],
	['true', '={{ true }}', '"Agent ID" must be a whole number of 1 or more, but it is boolean "true" [item 0]'],
])(
	'Agent ID refused before sending: %s, with a fix that fits a required field',
	async (_case, assistantId, message) => {
		const { error } = await runNode({
			node: { parameters: campaign(assistantId) },
			items: items({}),
			credentials: credentialsFor(double()),
		});
		expect(error?.message).toBe(message);
		expect(error?.description).not.toMatch(/remove the field/);
		expect(double().state.requests).toHaveLength(0);
	},
);
