import type { Field } from '../../../helpers/fields';
import {
	boolean,
	e164,
	finiteNumber,
	group,
	jsonObject,
	nonNegativeInteger,
	positiveInteger,
	stringField,
	stringList,
	text,
	timeZone,
} from '../../../helpers/fields';
import {
	actionIds,
	agentPrompt,
	apiKeyRows,
	force,
	goalPrompt,
	greeting,
	knowledgeBaseId,
	openOptions,
	OTHER_VALUES_HINT,
} from './shared';
import type { Channel } from './types';

/** A number setting; its default is what the editor fills in when the user adds it, so it must be valid. */
function numberField(
	displayName: string,
	name: string,
	apiPath: string,
	description: string,
	{
		read = finiteNumber,
		default: defaultValue = 0,
		typeOptions = {},
	}: { read?: Field['read']; default?: number; typeOptions?: Record<string, number> } = {},
): Field {
	return {
		property: { displayName, name, type: 'number', default: defaultValue, typeOptions, description },
		apiPath,
		read,
	};
}

const maxTokens = () =>
	numberField('Max Tokens', 'maxTokens', 'max_tokens', 'Most tokens per reply', {
		read: positiveInteger,
		default: 250,
		typeOptions: { minValue: 1, numberPrecision: 0 },
	});

const temperature = () =>
	numberField('Temperature', 'temperature', 'temperature', 'Sampling temperature: lower is more predictable', {
		default: 0.7,
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
	});

/**
 * A nested collection sent as one object. A collection (not a fixedCollection) holds only the
 * settings the user added, so untouched defaults such as a temperature of 0 are never sent.
 */
function settingsGroup(
	displayName: string,
	name: string,
	apiPath: string,
	description: string,
	fields: Field[],
): Field {
	return {
		property: {
			displayName,
			name,
			type: 'collection',
			default: {},
			placeholder: 'Add Setting',
			description,
			options: fields.map((field) => field.property),
		},
		apiPath,
		read: group(fields),
	};
}

const emotion = (displayName: string, name: string) =>
	stringField(displayName, name, `emotions.${name}`, `Level of ${name} in the voice (behaviour.emotions.${name})`);

export const voice: Channel = {
	type: 'VOICE_INCOMING',
	name: 'Voice',
	description: 'An agent that answers and makes phone calls',
	required: [],
	optional: [
		actionIds,
		settingsGroup(
			'Agent (OpenAI)',
			'agentOpenAi',
			'additional_settings.Agent.OpenAI',
			'OpenAI tuning (additional_settings.Agent.OpenAI)',
			[
				numberField(
					'Backchannel Probability',
					'backchannelProbability',
					'backchannel_probability',
					'Probability of short listening cues, from 0 to 1',
					{
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
					},
				),
				maxTokens(),
				temperature(),
			],
		),
		agentPrompt,
		settingsGroup(
			'Agent Settings',
			'agentSettings',
			'additional_settings.Agent',
			'Conversation settings (additional_settings.Agent)',
			[
				{
					property: {
						displayName: 'Allow Incoming Messages',
						name: 'allowIncomingMessages',
						type: 'boolean',
						default: false,
						description: 'Whether the agent accepts incoming messages',
					},
					apiPath: 'allow_incoming_messages',
					read: boolean,
				},
				stringField('Initial Message', 'initialMessage', 'initial_message', 'What the agent says first'),
				numberField(
					'Initial Message Delay',
					'initialMessageDelay',
					'initial_message_delay',
					'Delay before the first message (unit not stated by the docs)',
					{
						read: nonNegativeInteger,
						typeOptions: { minValue: 0, numberPrecision: 0 },
					},
				),
				stringField(
					'Interrupt Sensitivity',
					'interruptSensitivity',
					'interrupt_sensitivity',
					'How easily the caller can interrupt (values not stated by the docs)',
				),
				maxTokens(),
				stringField('Model', 'model', 'model', 'Model used during the call'),
				temperature(),
				stringField('Time Zone', 'timeZone', 'time_zone', 'IANA time zone, for example America/New_York', timeZone),
			],
		),
		apiKeyRows('MODEL', false),
		settingsGroup('Behaviour', 'behaviour', 'behaviour', 'Speaking speed and emotions (behaviour)', [
			emotion('Anger', 'anger'),
			emotion('Curiosity', 'curiosity'),
			emotion('Positivity', 'positivity'),
			emotion('Sadness', 'sadness'),
			stringField('Speed', 'speed', 'speed', 'Speaking speed, for example medium'),
			emotion('Surprise', 'surprise'),
		]),
		{
			property: {
				displayName: 'Enable Recordings',
				name: 'enableRecordings',
				type: 'boolean',
				default: true,
				description: 'Whether calls are recorded',
			},
			apiPath: 'enable_recordings',
			read: boolean,
		},
		force,
		goalPrompt,
		greeting('Incoming Call Greeting', 'What the agent says when it answers a call'),
		knowledgeBaseId,
		stringField('Language', 'language', 'language', 'Language of the agent, for example english'),
		stringField(
			'Outgoing Call Greeting',
			'outgoingCallGreeting',
			'outgoing_call_greeting',
			'What the agent says when the callee picks up',
		),
		{
			property: {
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+13465842882',
				description: 'The number the agent answers and dials from, in E.164 format',
			},
			apiPath: 'phone_number',
			read: e164,
		},
		{
			property: {
				displayName: 'Synthesizer',
				name: 'synthesizer',
				...openOptions(['AZURE', 'CARTESIA', 'ELEVENLABS']),
				default: 'AZURE',
				description: 'Text-to-speech engine',
				hint: OTHER_VALUES_HINT,
			},
			apiPath: 'synthesizer',
			read: text,
		},
		settingsGroup(
			'Synthesizer (Azure)',
			'synthesizerAzure',
			'additional_settings.Synthesizer.Azure',
			'Azure voice settings (additional_settings.Synthesizer.Azure)',
			[
				stringField('Language Code', 'languageCode', 'language_code', 'For example en-US'),
				stringField('Rate', 'rate', 'rate', 'Speaking rate'),
				stringField('Voice Name', 'voiceName', 'voice_name', 'For example en-US-LunaNeural'),
			],
		),
		settingsGroup(
			'Synthesizer (Cartesia)',
			'synthesizerCartesia',
			'additional_settings.Synthesizer.Cartesia',
			'Cartesia voice settings (additional_settings.Synthesizer.Cartesia)',
			[
				{
					property: {
						displayName: 'Emotion (JSON)',
						name: 'emotion',
						type: 'json',
						default: '{}',
						description: 'Emotion settings as a JSON object',
					},
					apiPath: 'emotion',
					read: jsonObject,
				},
				stringField('Speed', 'speed', 'speed', 'Speaking speed'),
			],
		),
		settingsGroup(
			'Synthesizer (ElevenLabs)',
			'synthesizerElevenLabs',
			'additional_settings.Synthesizer.ElevenLabs',
			'ElevenLabs voice settings (additional_settings.Synthesizer.ElevenLabs)',
			[
				stringField('Optimize Latency', 'optimizeLatency', 'optimize_latency', 'Latency optimisation level'),
				stringField('Similarity', 'similarity', 'similarity', 'Similarity boost'),
				stringField('Stability', 'stability', 'stability', 'Voice stability'),
				stringField('Style Exaggeration', 'styleExaggeration', 'style_exaggeration', 'Style exaggeration'),
			],
		),
		settingsGroup(
			'Transcriber (Deepgram)',
			'transcriberDeepgram',
			'additional_settings.Transcriber.Deepgram',
			'Speech-to-text settings (additional_settings.Transcriber.Deepgram)',
			[
				{
					property: {
						displayName: 'Keywords',
						name: 'keywords',
						type: 'string',
						default: '',
						description: 'Words to listen for, comma-separated',
					},
					apiPath: 'keywords',
					read: stringList,
				},
				stringField('Language', 'language', 'language', 'For example en-US'),
			],
		),
		stringField('Voice ID', 'voiceId', 'voice_id', 'Voice of the synthesizer, for example en-US-LunaNeural'),
	],
};
