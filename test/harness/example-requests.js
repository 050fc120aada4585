'use strict';
/**
 * What ContactSwing must receive when an example workflow runs on its own sample data: one
 * expectation for the engine tests (test/examples.test.ts) and the end-to-end runs (e2e/run.js).
 */

/** examples/crm-webhook-whatsapp-agent.json with its pinned `customer.created` event. */
const CRM_WEBHOOK_EXAMPLE_REQUEST = {
	name: 'Initech – WhatsApp',
	type: 'WHATSAPP',
	model: 'cw-llm-1',
	instructions: 'You support customers of Initech on WhatsApp. Account owner: Bill Lumbergh.',
	phone_number: '650175178190172',
	prompts: { goal: 'Qualify the lead for Initech and offer a call.' },
	action_ids: ['act-001', 'act-002'],
	additional_settings: { max_messages: 30 },
};

module.exports = { CRM_WEBHOOK_EXAMPLE_REQUEST };
