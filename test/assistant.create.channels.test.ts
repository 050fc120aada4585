import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { ContactSwing } from '../nodes/ContactSwing/ContactSwing.node';

import { runNode } from './harness/engine';
import { credentialsFor, items, useDouble } from './harness/fixtures';

const double = useDouble();

const common = { name: 'Ava', model: 'cw-llm-1', instructions: 'Be helpful.' };
const parameters = (type: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'assistant',
	operation: 'create',
	type,
	...common,
	...extra,
});

async function create(params: INodeParameters, input = items({})) {
	const result = await runNode({ node: { parameters: params }, items: input, credentials: credentialsFor(double()) });
	const [request] = double().state.requests;
	return { ...result, request };
}

describe.each([
	{
		channel: 'VOICE_INCOMING',
		minimal: {},
		minimalBody: {},
		full: {
			phoneNumber: '+1 (346) 584-2882',
			additionalFields: {
				apiKeys: { key: [{ apiKeyId: 442, type: 'MODEL' }] },
				incomingCallGreeting: 'Thanks for calling Acme Insurance.',
				outgoingCallGreeting: 'Hi, this is Darren from Acme Insurance.',
				synthesizer: 'AZURE',
				voiceId: 'en-US-LunaNeural',
				language: 'english',
				enableRecordings: true,
				behaviour: {
					speed: 'medium',
					anger: 'low',
					curiosity: 'high',
					positivity: 'high',
					surprise: 'low',
					sadness: 'none',
				},
				synthesizerAzure: { voiceName: 'en-US-LunaNeural', rate: '1.0', languageCode: 'en-US' },
				synthesizerCartesia: { speed: 'fast', emotion: '{"positivity": "high"}' },
				synthesizerElevenLabs: { stability: '0.5', styleExaggeration: '0.1', similarity: '0.8', optimizeLatency: '2' },
				transcriberDeepgram: { language: 'en-US', keywords: 'Acme, policy' },
				agentOpenAi: { temperature: 0.4, maxTokens: 300, backchannelProbability: 0.2 },
				agentSettings: {
					model: 'cw-llm-1',
					temperature: 0.7,
					maxTokens: 250,
					allowIncomingMessages: true,
					timeZone: 'America/Chicago',
					initialMessage: 'Hello!',
					initialMessageDelay: 0,
					interruptSensitivity: 'medium',
				},
				actionIds: ['act-001'],
				knowledgeBaseId: 'kb-7',
				agentPrompt: 'You are Darren.',
				goalPrompt: 'Sell a policy.',
				force: true,
			},
		},
		fullBody: {
			phone_number: '+13465842882',
			api_keys: [{ api_key_id: 442, type: 'MODEL' }],
			incoming_call_greeting: 'Thanks for calling Acme Insurance.',
			outgoing_call_greeting: 'Hi, this is Darren from Acme Insurance.',
			synthesizer: 'AZURE',
			voice_id: 'en-US-LunaNeural',
			language: 'english',
			enable_recordings: true,
			behaviour: {
				speed: 'medium',
				emotions: { anger: 'low', curiosity: 'high', positivity: 'high', surprise: 'low', sadness: 'none' },
			},
			additional_settings: {
				Synthesizer: {
					Azure: { voice_name: 'en-US-LunaNeural', rate: '1.0', language_code: 'en-US' },
					Cartesia: { speed: 'fast', emotion: { positivity: 'high' } },
					ElevenLabs: { stability: '0.5', style_exaggeration: '0.1', similarity: '0.8', optimize_latency: '2' },
				},
				Transcriber: { Deepgram: { language: 'en-US', keywords: ['Acme', 'policy'] } },
				Agent: {
					OpenAI: { temperature: 0.4, max_tokens: 300, backchannel_probability: 0.2 },
					model: 'cw-llm-1',
					temperature: 0.7,
					max_tokens: 250,
					allow_incoming_messages: true,
					time_zone: 'America/Chicago',
					initial_message: 'Hello!',
					initial_message_delay: 0,
					interrupt_sensitivity: 'medium',
				},
			},
			action_ids: ['act-001'],
			kb_id: 'kb-7',
			prompts: { agent: 'You are Darren.', goal: 'Sell a policy.' },
		},
		fullQuery: { force: 'true' },
	},
	{
		channel: 'CHAT',
		minimal: {},
		minimalBody: {},
		full: {
			additionalFields: {
				apiKeys: ['key-1'],
				actionIds: 'act-001,act-002',
				brandName: 'ContactSwing AI',
				logoUrl: 'https://example.com/logo.png',
				greetingText: 'Hello welcome back',
				tagline: 'Contactswing',
				initialMessage: "Hi, I'm Ashley 👋 Welcome to ContactSwing AI!",
				finalCloseMessage: 'Bye!',
				checkInMessage: 'Still there?',
				knowledgeBaseId: 'kb-1',
			},
		},
		fullBody: {
			api_keys: ['key-1'],
			action_ids: ['act-001', 'act-002'],
			kb_id: 'kb-1',
			additional_settings: {
				ChatbotCustomization: {
					brandName: 'ContactSwing AI',
					logoUrl: 'https://example.com/logo.png',
					greetingText: 'Hello welcome back',
					tagline: 'Contactswing',
					initialMessage: "Hi, I'm Ashley 👋 Welcome to ContactSwing AI!",
					finalCloseMessage: 'Bye!',
					checkInMessage: 'Still there?',
				},
			},
		},
		fullQuery: {},
	},
	{
		channel: 'SMS',
		minimal: { smsType: 'OUTBOUND', apiKeys: { key: [{ apiKeyId: 134, type: 'SMS' }] } },
		minimalBody: { sms_type: 'OUTBOUND', api_keys: [{ api_key_id: 134, type: 'SMS' }] },
		full: {
			smsType: 'OUTBOUND',
			apiKeys: {
				key: [
					{ apiKeyId: 134, type: 'SMS' },
					{ apiKeyId: 135, type: 'SMS' },
				],
			},
			additionalFields: {
				phoneNumber: '+13465507166',
				idleTime: 86400,
				maxMessages: 10,
				force: false,
				actionIds: ['act-002'],
				goalPrompt: 'Confirm.',
			},
		},
		fullBody: {
			sms_type: 'OUTBOUND',
			api_keys: [
				{ api_key_id: 134, type: 'SMS' },
				{ api_key_id: 135, type: 'SMS' },
			],
			phone_number: '+13465507166',
			additional_settings: { idle_time: 86400, max_messages: 10 },
			action_ids: ['act-002'],
			prompts: { goal: 'Confirm.' },
		},
		fullQuery: { force: 'false' },
	},
	{
		channel: 'EMAIL',
		minimal: {},
		minimalBody: {},
		full: {
			additionalFields: {
				genAiResponse: 'SEMI_TOUCH',
				emailSetup: 'Responder',
				labels: 'support',
				actionIds: ['act-003'],
				agentPrompt: 'You are Mia.',
			},
		},
		fullBody: {
			gen_ai_response: 'SEMI_TOUCH',
			email_setup: 'Responder',
			labels: 'support',
			action_ids: ['act-003'],
			prompts: { agent: 'You are Mia.' },
		},
		fullQuery: {},
	},
])('Assistant → Create, channel $channel', ({ channel, minimal, minimalBody, full, fullBody, fullQuery }) => {
	it('sends the minimal documented body', async () => {
		const { request, outputs, error } = await create(parameters(channel, minimal));
		expect(error).toBeUndefined();
		expect(request.body).toEqual({ ...common, type: channel, ...minimalBody });
		expect(request.query).toEqual({});
		expect(outputs[0][0].json).toEqual({ assistant_id: expect.any(String), name: 'Ava', ctx_id: expect.any(String) });
	});

	it('maps every documented field into the body', async () => {
		const { request, error } = await create(parameters(channel, full));
		expect(error).toBeUndefined();
		expect(request.body).toEqual({ ...common, type: channel, ...fullBody });
		expect(request.query).toEqual(fullQuery);
		expect(double().state.violations).toEqual([]);
	});
});

describe('values the docs show only one example of', () => {
	it.each([
		['SMS', { smsType: '=INBOUND', apiKeys: { key: [{ apiKeyId: 1, type: 'SMS' }] } }, { sms_type: 'INBOUND' }],
		[
			'EMAIL',
			{ additionalFields: { genAiResponse: '={{ "FULL_TOUCH" }}', emailSetup: '=Sender' } },
			{ gen_ai_response: 'FULL_TOUCH', email_setup: 'Sender' },
		],
		['VOICE_INCOMING', { additionalFields: { synthesizer: '=DEEPGRAM' } }, { synthesizer: 'DEEPGRAM' }],
		['WHATSAPP', { model: 'gpt-4o', phoneNumber: '650175178190170' }, { model: 'gpt-4o' }],
	])('sends a value the node does not list (%s)', async (channel, extra, expected) => {
		const { request, error } = await create(parameters(channel, extra as INodeParameters));
		expect(error).toBeUndefined();
		expect(request.body).toMatchObject(expected);
	});

	it('refuses a channel from an expression that the node does not know, listing the known ones', async () => {
		const { error } = await create(
			parameters('={{ $json.channel }}', { phoneNumber: '650175178190170' }),
			items({ channel: 'FAX' }),
		);
		expect(error?.message).toBe('"Channel" "FAX" is not a channel this node knows [item 0]');
		expect(error?.description).toBe('Use one of: CHAT, EMAIL, SMS, VOICE_INCOMING, WHATSAPP');
		expect(double().state.requests).toHaveLength(0);
	});
});

describe('Extra Body (JSON)', () => {
	const whatsapp = (extraBody: unknown, more: INodeParameters = {}) =>
		parameters('WHATSAPP', {
			phoneNumber: '650175178190170',
			additionalFields: { idleTime: 24, maxMessages: 10, ...more, extraBody } as INodeParameters,
		});

	it('is deep-merged last: its keys win, sibling keys stay', async () => {
		const { request } = await create(
			whatsapp('{"model": "cw-llm-2", "additional_settings": {"max_messages": 99}, "prompts": {"goal": "Upsell"}}', {
				agentPrompt: 'You are Ava.',
			}),
		);
		expect(request.body).toEqual({
			...common,
			model: 'cw-llm-2',
			type: 'WHATSAPP',
			phone_number: '650175178190170',
			prompts: { agent: 'You are Ava.', goal: 'Upsell' },
			additional_settings: { idle_time: 24, max_messages: 99 },
		});
	});

	it('sends fields the node does not model yet, from an object expression too', async () => {
		const { request } = await create(
			parameters('VOICE_INCOMING', {
				additionalFields: { extraBody: '={{ { additional_settings: { Agent: { max_call_duration: 600 } } } }}' },
			}),
		);
		expect(request.body.additional_settings).toEqual({ Agent: { max_call_duration: 600 } });
	});

	it.each([
		['invalid JSON', '{"model": ', /^"Extra Body \(JSON\)" is not valid JSON \(.+\) \[item 0\]$/],
		['a list', '[1, 2]', /^"Extra Body \(JSON\)" must be a JSON object, but it is a list \[item 0\]$/],
		[
			'a single value',
			'"cw-llm-2"',
			/^"Extra Body \(JSON\)" must be a JSON object, but it is string "cw-llm-2" \[item 0\]$/,
		],
	])('refuses %s before sending anything', async (_case, extraBody, message) => {
		const { error } = await create(whatsapp(extraBody));
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(double().state.requests).toHaveLength(0);
	});
});

describe('per-channel validation, before any request', () => {
	it.each([
		[
			'SMS without API keys',
			parameters('SMS', { smsType: 'OUTBOUND', apiKeys: {} }),
			'"API Keys" is required but empty [item 0]',
		],
		[
			'SMS with an empty SMS type',
			parameters('SMS', { smsType: '={{ "" }}', apiKeys: { key: [{ apiKeyId: 1, type: 'SMS' }] } }),
			'"SMS Type" is required but empty [item 0]',
		],
		[
			'SMS with a key row without ID',
			parameters('SMS', { smsType: 'OUTBOUND', apiKeys: { key: [{ apiKeyId: 0, type: 'SMS' }] } }),
			'"API Keys" has a row without an API Key ID [item 0]',
		],
		[
			'SMS from a number without country code',
			parameters('SMS', {
				smsType: 'OUTBOUND',
				apiKeys: { key: [{ apiKeyId: 1, type: 'SMS' }] },
				additionalFields: { phoneNumber: '346 550 7166' },
			}),
			'"Phone Number" must be a phone number in E.164 format, but it is "346 550 7166" [item 0]',
		],
		[
			'SMS with idle time in minutes as text',
			parameters('SMS', {
				smsType: 'OUTBOUND',
				apiKeys: { key: [{ apiKeyId: 1, type: 'SMS' }] },
				additionalFields: { idleTime: '=30m' },
			}),
			'"Idle Time (Seconds)" must be a whole number of 1 or more, but it is string "30m" [item 0]',
		],
		[
			'Voice with a phone number ID',
			parameters('VOICE_INCOMING', { phoneNumber: '650175178190170' }),
			'"Phone Number" must be a phone number in E.164 format, but it is "650175178190170" [item 0]',
		],
		[
			'Voice with a fractional max tokens',
			parameters('VOICE_INCOMING', { additionalFields: { agentOpenAi: { maxTokens: 2.5 } } }),
			'"Agent (OpenAI)" → "Max Tokens" must be a whole number of 1 or more, but it is number "2.5" [item 0]',
		],
		[
			'Voice with invalid Cartesia emotion JSON',
			parameters('VOICE_INCOMING', { additionalFields: { synthesizerCartesia: { emotion: '{oops' } } }),
			/^"Synthesizer \(Cartesia\)" → "Emotion \(JSON\)" is not valid JSON/,
		],
		[
			'Voice with an API key row of text',
			parameters('VOICE_INCOMING', {
				additionalFields: { apiKeys: { key: [{ apiKeyId: '={{ "abc" }}', type: 'MODEL' }] } },
			}),
			'"API Keys" → "API Key ID" must be a whole number of 1 or more, but it is string "abc" [item 0]',
		],
		[
			'WhatsApp with a phone number',
			parameters('WHATSAPP', { phoneNumber: '+44 20 7946 0000' }),
			/^"WhatsApp Phone Number ID" must be Meta's WhatsApp phone-number ID/,
		],
	])('%s', async (_case, params, message) => {
		const { error } = await create(params);
		expect(error?.name).toBe('NodeOperationError');
		if (typeof message === 'string') expect(error?.message).toBe(message);
		else expect(error?.message).toMatch(message);
		expect(double().state.requests).toHaveLength(0);
	});
});

describe('every optional field, added with the default the editor fills in, is valid', () => {
	/** What n8n puts in the collection when the user adds each field (and each setting of a group) without typing. */
	function editorDefaults(channel: string): INodeParameters {
		const collection = new ContactSwing().description.properties.find(
			(property) => property.name === 'additionalFields' && property.displayOptions?.show?.type?.includes(channel),
		)!;
		const defaults = (options: INodeProperties[]): INodeParameters =>
			Object.fromEntries(
				options.map((option) => [
					option.name,
					option.type === 'collection' ? defaults(option.options as INodeProperties[]) : option.default,
				]),
			);
		return defaults(collection.options as INodeProperties[]);
	}

	it.each([
		['VOICE_INCOMING', {}],
		['CHAT', {}],
		['SMS', { smsType: 'OUTBOUND', apiKeys: { key: [{ apiKeyId: 1, type: 'SMS' }] } }],
		['WHATSAPP', { phoneNumber: '650175178190170' }],
		['EMAIL', {}],
	])('%s', async (channel, required) => {
		const additionalFields = editorDefaults(channel);
		expect(Object.keys(additionalFields).length).toBeGreaterThan(3);
		const { error } = await create(parameters(channel, { ...required, additionalFields }));
		expect(error).toBeUndefined();
		expect(double().state.violations).toEqual([]);
	});
});

describe('time zones are IANA names everywhere', () => {
	it('Voice → Agent Settings refuses a time zone that is not one', async () => {
		const { error } = await create(
			parameters('VOICE_INCOMING', { additionalFields: { agentSettings: { timeZone: 'EST5' } } }),
		);
		expect(error?.message).toBe('"Agent Settings" → "Time Zone" must be an IANA time zone, but it is "EST5" [item 0]');
		expect(double().state.requests).toHaveLength(0);
	});
});
