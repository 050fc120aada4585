/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code reads the example files; it never ships */
/** The README's example workflows, run through the engine with their trigger's sample data. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IWorkflowBase } from 'n8n-workflow';

import { runExampleWorkflow } from './harness/engine';
import { CRM_WEBHOOK_EXAMPLE_REQUEST } from './harness/example-requests';
import { credentialsFor, useDouble } from './harness/fixtures';

const double = useDouble();

function example(file: string): IWorkflowBase {
	return JSON.parse(readFileSync(path.join(__dirname, '../examples', file), 'utf8'));
}

describe('example workflows', () => {
	it('Form Trigger → Create WhatsApp agent sends one create per submission', async () => {
		const { outputs, error } = await runExampleWorkflow(
			example('form-trigger-whatsapp-agent.json'),
			credentialsFor(double()),
		);
		expect(error).toBeUndefined();
		expect(double().state.requests.map((r) => r.body)).toEqual([
			{
				name: 'Acme Bikes WhatsApp Agent',
				type: 'WHATSAPP',
				model: 'cw-llm-1',
				instructions:
					'You are the WhatsApp assistant of Acme Bikes. Answer questions about bike repairs and book service slots. Be brief and friendly, and hand over to a human when asked.',
				phone_number: '650175178190170',
				incoming_call_greeting: 'Hi from Acme Bikes! 🚲 How can we help?',
				additional_settings: { idle_time: 24, max_messages: 20 },
			},
			{
				name: 'Globex Dental WhatsApp Agent',
				type: 'WHATSAPP',
				model: 'cw-llm-1',
				instructions:
					'You are the WhatsApp assistant of Globex Dental. Confirm and reschedule dental appointments. Be brief and friendly, and hand over to a human when asked.',
				phone_number: '650175178190171',
				incoming_call_greeting: 'Hi! How can we help you today?',
				additional_settings: { idle_time: 24, max_messages: 20 },
			},
		]);
		expect(outputs['Create WhatsApp agent'].map((item) => item.json.name)).toEqual([
			'Acme Bikes WhatsApp Agent',
			'Globex Dental WhatsApp Agent',
		]);
	});

	it('CRM webhook → Create WhatsApp agent maps the contact and its comma-separated action IDs', async () => {
		const { outputs, error } = await runExampleWorkflow(
			example('crm-webhook-whatsapp-agent.json'),
			credentialsFor(double()),
		);
		expect(error).toBeUndefined();
		expect(double().state.requests.map((r) => r.body)).toEqual([CRM_WEBHOOK_EXAMPLE_REQUEST]);
		expect(outputs['Create WhatsApp agent'][0].pairedItem).toEqual({ item: 0 });
	});

	it('CRM contact → Create Voice agent sends the documented Voice body', async () => {
		const { outputs, error } = await runExampleWorkflow(
			example('crm-contact-voice-agent.json'),
			credentialsFor(double()),
		);
		expect(error).toBeUndefined();
		expect(double().state.requests.map((r) => r.body)).toEqual([
			{
				name: 'Acme Insurance Voice Agent',
				type: 'VOICE_INCOMING',
				model: 'cw-llm-1',
				instructions:
					'You answer the phone for Acme Insurance. Greet callers by name when you know it, answer questions about home and car insurance, and book a follow-up with Jane Miller when the caller is interested.',
				phone_number: '+13465842882',
				incoming_call_greeting: 'Thanks for calling Acme Insurance, how can I help?',
				outgoing_call_greeting: 'Hi Darren, this is the assistant of Acme Insurance.',
				synthesizer: 'AZURE',
				voice_id: 'en-US-LunaNeural',
				language: 'english',
				enable_recordings: true,
				behaviour: { speed: 'medium', emotions: { positivity: 'high' } },
				additional_settings: { Agent: { time_zone: 'America/Chicago' } },
			},
		]);
		expect(double().state.violations).toEqual([]);
		expect(outputs['Create Voice agent'][0].json.name).toBe('Acme Insurance Voice Agent');
	});

	it('New CRM lead → Create WhatsApp agent → Start outbound call chains the two operations', async () => {
		const { outputs, error } = await runExampleWorkflow(
			example('crm-lead-whatsapp-agent-then-call.json'),
			credentialsFor(double()),
		);
		expect(error).toBeUndefined();
		const [create, call] = double().state.requests;
		expect(create.body).toEqual({
			name: 'Hopper Analytics – WhatsApp follow-up',
			type: 'WHATSAPP',
			model: 'cw-llm-1',
			instructions:
				'You follow up with Grace from Hopper Analytics on WhatsApp after our call, answer questions about the analytics plan and book a demo.',
			phone_number: '650175178190173',
			additional_settings: { idle_time: 48, max_messages: 20 },
		});
		const assistantId = double().state.assistants[0].assistant_id;
		expect([call.path, call.body]).toEqual([
			'/v2/_call',
			{
				phone_number: '+13465842882',
				agent_id: 'agent_123',
				customer_name: 'Grace Hopper',
				call_purpose: `Welcome call about the analytics plan; follow-up continues on WhatsApp with agent ${assistantId}`,
			},
		]);
		expect(outputs['Start outbound call'].map((item) => [item.json.status, item.pairedItem])).toEqual([
			['queued', { item: 0 }],
		]);
	});

	it.each([
		['crm-webhook-whatsapp-agent.json', 'CRM webhook', '={{ $json.body.customer.id }}'],
		['crm-lead-whatsapp-agent-then-call.json', 'New CRM lead', '={{ $json.body.lead.id }}'],
	])(
		'%s skips a re-delivered event: Remove Duplicates across executions, keyed on the CRM record ID, before ContactSwing',
		(file, trigger, key) => {
			const workflow = example(file);
			const [dedupe] = workflow.connections[trigger].main[0]!;
			const node = workflow.nodes.find((candidate) => candidate.name === dedupe.node)!;
			expect(node.type).toBe('n8n-nodes-base.removeDuplicates');
			expect(node.parameters).toMatchObject({ operation: 'removeItemsSeenInPreviousExecutions', dedupeValue: key });
			const next = workflow.nodes.find(
				(candidate) => candidate.name === workflow.connections[node.name].main[0]![0].node,
			)!;
			expect(next.type).toBe('n8n-nodes-contactswing.contactSwing');
			// The pinned event carries the ID the step is keyed on.
			expect(JSON.stringify(workflow.pinData![trigger])).toMatch(/"id":"(cus|lead)_\d+"/);
		},
	);

	it('the Form example says why a form needs no duplicate check', () => {
		const note = example('form-trigger-whatsapp-agent.json').nodes.find(
			(node) => node.type === 'n8n-nodes-base.stickyNote',
		);
		expect(note?.parameters.content).toContain('Why no duplicate check here');
	});

	it('the AI-agent example gives the model ContactSwing as a tool, its fields filled by $fromAI', () => {
		const workflow = example('ai-agent-chat-whatsapp-agent.json');
		const tool = workflow.nodes.find((node) => node.type === 'n8n-nodes-contactswing.contactSwingTool')!;
		expect(workflow.connections[tool.name]).toEqual({ ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] });
		expect(tool.parameters).toMatchObject({ resource: 'assistant', operation: 'create', type: 'WHATSAPP' });
		for (const field of ['name', 'instructions', 'phoneNumber'])
			expect(tool.parameters[field]).toMatch(/^=\{\{ \$fromAI\('\w+', '.+', 'string'\) \}\}$/);
		// The model reads the Tool Description, not the generic "Create an AI agent in ContactSwing".
		expect(tool.parameters.descriptionType).toBe('manual');
		expect(tool.parameters.toolDescription).toMatch(/WhatsApp.*phone-number ID from Meta/);
		// Chat Completions, which every OpenAI-compatible server speaks (the Responses API is OpenAI's own).
		expect(
			workflow.nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi')?.parameters
				.responsesApiEnabled,
		).toBe(false);
		expect(workflow.pinData!['When chat message received'][0].json.chatInput).toMatch(
			/WhatsApp phone-number ID is \d+/,
		);
	});
});
