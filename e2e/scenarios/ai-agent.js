'use strict';
/**
 * An n8n AI Agent, its OpenAI Chat Model pointed at the scripted model (e2e/scripted-model.js),
 * calls ContactSwing as a tool: once successfully, once with a name ContactSwing rejects; and what
 * the model receives (tool names, descriptions, arguments, the cost warnings). The example is
 * built for the 2.x AI Agent node.
 */
const { nodeOutput } = require('../n8n');
const { TOOL_ARGUMENTS } = require('../scripted-model');
const { aiAgentWorkflow, COSTLY_TOOL_DESCRIPTIONS, COSTLY_TOOLS, exampleAsIs } = require('../workflows');

const BELLA =
	'Hi! I run Bella Pizza in Naples. Our WhatsApp phone-number ID is 650175178190177. Could you set up a WhatsApp agent that takes orders and answers questions about our opening hours?';
const REJECTED_SHOP =
	'Hi! I run Rejected Pizza in Rome. Our WhatsApp phone-number ID is 650175178190178. Please set up a WhatsApp agent for our orders.';

module.exports = {
	name: 'the AI Agent example, ContactSwing as its tool',
	hosts: (host) => host.ai,
	async run({ record, assert, equal, double, model, JWT, userFolder, verbose }) {
		const n8n = await userFolder({
			workflows: [
				aiAgentWorkflow('e2eAiAgent00001', BELLA, COSTLY_TOOLS),
				aiAgentWorkflow('e2eAiAgentFail1', REJECTED_SHOP),
			],
		});
		double.reset();
		model.requests.length = 0;
		const run = await n8n.execute('e2eAiAgent00001');
		record(
			'AI Agent → ContactSwing tool: one create with the values the model chose, and its assistant_id in the answer',
			() => {
				assert(!run.data.resultData.error, `the run failed: ${run.data.resultData.error?.message}`);
				const [first, second] = model.requests.map((request) => request.body);
				assert(first && second, `the model was asked ${model.requests.length} times`);
				equal(model.requests.length, 2, 'requests to the model');
				assert(first.tools, 'the first request offered no tools');
				const call = second.messages.find((message) => message.tool_calls)?.tool_calls?.[0];
				assert(call, `no tool call came back to the model: ${JSON.stringify(second.messages).slice(0, 500)}`);
				const chosen = JSON.parse(call.function.arguments);
				equal(
					double.state.requests.map((r) => [r.method, r.path, r.authorization]),
					[['POST', '/v2/_new_assistants', `Bearer ${JWT}`]],
					'requests',
				);
				equal(
					double.state.requests[0].body,
					{
						name: chosen.agent_name,
						type: 'WHATSAPP',
						model: 'cw-llm-1',
						instructions: chosen.instructions,
						phone_number: chosen.whatsapp_phone_number_id,
					},
					'the create',
				);
				equal(chosen.whatsapp_phone_number_id, '650175178190177', 'the phone-number ID the model read from the chat');
				const [agent] = nodeOutput(run, 'AI Agent');
				const id = double.state.assistants[0].assistant_id;
				assert(
					String(agent.json.output).includes(id),
					`the agent's answer does not quote ${id}: ${JSON.stringify(agent.json)}`,
				);
				equal(double.state.violations, [], 'contract violations');
			},
		);

		record(
			'AI Agent → what the model receives: the tool names, what each does, its arguments, and which ones cost money',
			() => {
				const tools = Object.fromEntries(
					model.requests[0].body.tools.map((tool) => [tool.function.name, tool.function]),
				);
				const create = tools.Create_WhatsApp_agent;
				assert(create, `tools offered: ${Object.keys(tools).join(', ')}`);
				const example = exampleAsIs('ai-agent-chat-whatsapp-agent.json', 'any');
				const { toolDescription } = example.nodes.find((node) => node.name === 'Create WhatsApp agent').parameters;
				equal(create.description, toolDescription, "the create tool: the example's Tool Description");
				assert(/WhatsApp phone-number ID/.test(create.description), 'the tool description does not name the ID');
				equal(Object.keys(create.parameters.properties).sort(), TOOL_ARGUMENTS, 'its arguments');
				assert(
					/phone-number ID from Meta/.test(create.parameters.properties.whatsapp_phone_number_id.description),
					'the phone-number ID argument is not explained',
				);
				// The costly tools: the Tool Description the README asks for, with the cost.
				for (const [name, description] of Object.entries(COSTLY_TOOL_DESCRIPTIONS)) {
					equal(tools[name.replace(/ /g, '_')]?.description, description, name);
					assert(/cost/.test(description), `${name}: no cost warning`);
				}
				verbose(`tools the model received: ${JSON.stringify(model.requests[0].body.tools)}`);
			},
		);

		double.reset();
		model.requests.length = 0;
		double.failWhen((request) => request.body?.name === 'Rejected Pizza WhatsApp Agent', {
			status: 400,
			body: { detail: 'Phone number ID is not connected to this account' },
		});
		const failed = await n8n.execute('e2eAiAgentFail1');
		const toolMessage = model.requests[1]?.body.messages.find((message) => message.role === 'tool');
		verbose(
			`failing tool call: run error ${JSON.stringify(failed.data.resultData.error?.message)}; the model got ${JSON.stringify(toolMessage?.content)}`,
		);
		record(
			'AI Agent → a tool call ContactSwing rejects reaches the model as the tool result; the run goes on and the JWT is nowhere',
			() => {
				assert(!failed.data.resultData.error, `the run stopped: ${failed.data.resultData.error?.message}`);
				equal(double.state.requests.length, 1, 'creates sent (never retried)');
				equal(double.state.assistants.length, 0, 'agents created');
				assert(toolMessage, `the model was not told: ${model.requests.length} requests`);
				assert(
					/ContactSwing answered 400: Phone number ID is not connected to this account/.test(
						JSON.stringify(toolMessage.content),
					),
					`tool result: ${JSON.stringify(toolMessage.content)}`,
				);
				const [agent] = nodeOutput(failed, 'AI Agent');
				assert(
					/could not create the agent/.test(agent.json.output),
					`the agent's answer: ${JSON.stringify(agent.json)}`,
				);
				for (const text of [JSON.stringify(model.requests), JSON.stringify(failed), JSON.stringify(run)])
					assert(!text.includes(JWT), 'the JWT reached the model or the run data');
			},
		);
	},
};
