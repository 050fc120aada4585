'use strict';
/**
 * The benchmark's one workload, for the engine runs (scenario.ts) and the real-n8n runs (run.js):
 * each item creates a WhatsApp agent, once through the ContactSwing node (default settings) and
 * once through n8n's HTTP Request node making the identical POST.
 */
const TOKEN = 'bench-token';

/** Item `i` of a run: what a form or a CRM would hand the node. */
function benchItem(prefix, i) {
	return {
		name: `Agent ${prefix}-${i}`,
		instructions: 'Help customers on WhatsApp.',
		phoneNumberId: String(650175178190000 + i),
	};
}

/**
 * The node under test: type, version and parameters, for `kind` 'http', 'ours', or 'fixed': ours
 * with the values typed in instead of mapped, which leaves n8n no expression to evaluate and so
 * shows the node's own cost.
 */
function nodeUnderTest(kind, apiUrl) {
	if (kind === 'http') {
		return {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${apiUrl}/v2/_new_assistants`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody:
					"={{ JSON.stringify({ name: $json.name, type: 'WHATSAPP', model: 'cw-llm-1', instructions: $json.instructions, phone_number: $json.phoneNumberId }) }}",
				options: {},
			},
		};
	}
	return {
		type: 'n8n-nodes-contactswing.contactSwing',
		typeVersion: 1,
		parameters: {
			resource: 'assistant',
			operation: 'create',
			type: 'WHATSAPP',
			...(kind === 'fixed'
				? {
						name: 'Agent',
						model: 'cw-llm-1',
						instructions: 'Help customers on WhatsApp.',
						phoneNumber: '650175178190000',
					}
				: {
						name: '={{ $json.name }}',
						model: 'cw-llm-1',
						instructions: '={{ $json.instructions }}',
						phoneNumber: '={{ $json.phoneNumberId }}',
					}),
		},
	};
}

module.exports = { TOKEN, benchItem, nodeUnderTest };
