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

/** The HTTP Request node's request: the endpoint and the JWT, as the ContactSwing node sends them. */
const httpRequest = (apiUrl, token) => ({
	method: 'POST',
	url: `${apiUrl}/v2/_new_assistants`,
	sendHeaders: true,
	headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
	sendBody: true,
});

/** The HTTP Request node's create body: one JSON expression. */
const JSON_BODY = {
	specifyBody: 'json',
	jsonBody:
		"={{ JSON.stringify({ name: $json.name, type: 'WHATSAPP', model: 'cw-llm-1', instructions: $json.instructions, phone_number: $json.phoneNumberId }) }}",
};

/** The create body as fields, the values mapped as ours maps them: one expression each. */
const BODY_FIELDS = {
	specifyBody: 'keypair',
	bodyParameters: {
		parameters: [
			{ name: 'name', value: '={{ $json.name }}' },
			{ name: 'type', value: 'WHATSAPP' },
			{ name: 'model', value: 'cw-llm-1' },
			{ name: 'instructions', value: '={{ $json.instructions }}' },
			{ name: 'phone_number', value: '={{ $json.phoneNumberId }}' },
		],
	},
};

/**
 * The HTTP Request node as a builder sets it up for ContactSwing: Authentication → Predefined
 * Credential Type → the ContactSwing credential, so that n8n signs each request with the
 * credential's function, as it does ours. `body`: JSON_BODY or BODY_FIELDS; `batching`: its
 * Batching option.
 */
const signedHttpRequest = (apiUrl, { body = JSON_BODY, batching } = {}) => ({
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		method: 'POST',
		url: `${apiUrl}/v2/_new_assistants`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: 'contactSwingApi',
		sendBody: true,
		...body,
		options: batching ? { batching: { batch: batching } } : {},
	},
});

/**
 * The node under test: type, version and parameters, for `kind`:
 * - 'http': the HTTP Request node with the body as one JSON expression;
 * - 'fields': the HTTP Request node with the body as fields, the same values mapped as ours maps
 *   them, one expression each: the same work for n8n's expression engine as 'ours';
 * - 'signed': the HTTP Request node signed by the ContactSwing credential (n8n reads it
 *   and signs with it for every request), all requests at once;
 * - 'batched': 'signed' with Batching at 100 items per batch, interval 0;
 * - 'alike': the HTTP Request node set up to do what ours does, for the same work by n8n: signed
 *   by the ContactSwing credential, the same values mapped as body fields;
 * - 'ours': the ContactSwing node, its values mapped;
 * - 'fixed': ours with the values typed in, which leaves n8n no expression to evaluate and so
 *   shows the node's own cost.
 * `token`: the JWT the HTTP Request node sends (ours takes it from its credential).
 */
function nodeUnderTest(kind, apiUrl, token = TOKEN) {
	if (kind === 'fields') {
		return {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: { ...httpRequest(apiUrl, token), ...BODY_FIELDS, options: {} },
		};
	}
	if (kind === 'signed') return signedHttpRequest(apiUrl);
	if (kind === 'alike') return signedHttpRequest(apiUrl, { body: BODY_FIELDS });
	if (kind === 'batched') return signedHttpRequest(apiUrl, { batching: { batchSize: 100, batchInterval: 0 } });
	if (kind === 'http') {
		return {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				...httpRequest(apiUrl, token),
				...JSON_BODY,
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
