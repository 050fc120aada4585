import {
	actionIds,
	agentPrompt,
	apiKeyRows,
	force,
	goalPrompt,
	greeting,
	knowledgeBaseId,
	openOptionsField,
} from './shared';
import type { Channel } from './types';
import { booleanField, groupField, jsonField, numberField, stringField } from '../../../helpers/fields';
import { e164, nonNegativeInteger, positiveInteger, stringList, timeZone } from '../../../helpers/readers';

const maxTokens = () =>
	numberField({
		displayName: 'Max Tokens',
		name: 'maxTokens',
		apiPath: 'max_tokens',
		description: 'Most tokens per reply',
		read: positiveInteger,
		default: 250,
		typeOptions: { minValue: 1, numberPrecision: 0 },
	});

const temperature = () =>
	numberField({
		displayName: 'Temperature',
		name: 'temperature',
		apiPath: 'temperature',
		description: 'Sampling temperature: lower is more predictable',
		default: 0.7,
		typeOptions: { minValue: 0, maxValue: 2, numberPrecision: 2 },
	});

const emotion = (displayName: string, name: string) =>
	stringField({
		displayName,
		name,
		apiPath: `emotions.${name}`,
		description: `Level of ${name} in the voice`,
	});

export const voice: Channel = {
	type: 'VOICE_INCOMING',
	name: 'Voice',
	description: 'An agent that answers and makes phone calls',
	required: [],
	optional: [
		actionIds,
		groupField({
			displayName: 'Agent (OpenAI)',
			name: 'agentOpenAi',
			apiPath: 'additional_settings.Agent.OpenAI',
			description: 'How the OpenAI model writes replies',
			fields: [
				numberField({
					displayName: 'Backchannel Probability',
					name: 'backchannelProbability',
					apiPath: 'backchannel_probability',
					description: 'Probability of short listening cues, from 0 to 1',
					typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
				}),
				maxTokens(),
				temperature(),
			],
		}),
		agentPrompt,
		groupField({
			displayName: 'Agent Settings',
			name: 'agentSettings',
			apiPath: 'additional_settings.Agent',
			description: 'How the agent holds the conversation',
			fields: [
				booleanField({
					displayName: 'Allow Incoming Messages',
					name: 'allowIncomingMessages',
					description: 'Whether the agent accepts incoming messages',
					apiPath: 'allow_incoming_messages',
				}),
				stringField({
					displayName: 'Initial Message',
					name: 'initialMessage',
					apiPath: 'initial_message',
					description: 'What the agent says first',
				}),
				numberField({
					displayName: 'Initial Message Delay',
					name: 'initialMessageDelay',
					apiPath: 'initial_message_delay',
					description: 'Delay before the first message',
					read: nonNegativeInteger,
					typeOptions: { minValue: 0, numberPrecision: 0 },
				}),
				stringField({
					displayName: 'Interrupt Sensitivity',
					name: 'interruptSensitivity',
					apiPath: 'interrupt_sensitivity',
					description: 'How easily the caller can interrupt the agent',
				}),
				maxTokens(),
				stringField({
					displayName: 'Model',
					name: 'model',
					apiPath: 'model',
					description: 'Model used during the call',
				}),
				temperature(),
				stringField({
					displayName: 'Time Zone',
					name: 'timeZone',
					apiPath: 'time_zone',
					description: 'IANA time zone of the agent',
					placeholder: 'e.g. America/New_York',
					read: timeZone,
				}),
			],
		}),
		apiKeyRows('MODEL', false),
		groupField({
			displayName: 'Behaviour',
			name: 'behaviour',
			apiPath: 'behaviour',
			description: 'Speaking speed and emotions',
			fields: [
				emotion('Anger', 'anger'),
				emotion('Curiosity', 'curiosity'),
				emotion('Positivity', 'positivity'),
				emotion('Sadness', 'sadness'),
				stringField({
					displayName: 'Speed',
					name: 'speed',
					apiPath: 'speed',
					description: 'Speaking speed',
					placeholder: 'e.g. medium',
				}),
				emotion('Surprise', 'surprise'),
			],
		}),
		booleanField({
			displayName: 'Enable Recordings',
			name: 'enableRecordings',
			default: true,
			description: 'Whether calls are recorded',
			apiPath: 'enable_recordings',
		}),
		force,
		goalPrompt,
		greeting('Incoming Call Greeting', 'What the agent says when it answers a call'),
		knowledgeBaseId,
		stringField({
			displayName: 'Language',
			name: 'language',
			apiPath: 'language',
			description: 'Language the agent speaks',
			placeholder: 'e.g. english',
		}),
		stringField({
			displayName: 'Outgoing Call Greeting',
			name: 'outgoingCallGreeting',
			apiPath: 'outgoing_call_greeting',
			description: 'What the agent says when the callee picks up',
		}),
		stringField({
			displayName: 'Phone Number',
			name: 'phoneNumber',
			placeholder: 'e.g. +13465842882',
			description: 'The number the agent answers and dials from, in E.164 format',
			apiPath: 'phone_number',
			read: e164,
		}),
		openOptionsField({
			displayName: 'Synthesizer',
			name: 'synthesizer',
			choices: { Azure: 'AZURE', Cartesia: 'CARTESIA', ElevenLabs: 'ELEVENLABS' },
			default: 'AZURE',
			description: 'The text-to-speech engine that gives the agent its voice',
			apiPath: 'synthesizer',
		}),
		groupField({
			displayName: 'Synthesizer (Azure)',
			name: 'synthesizerAzure',
			apiPath: 'additional_settings.Synthesizer.Azure',
			description: 'Voice settings for Azure',
			fields: [
				stringField({
					displayName: 'Language Code',
					name: 'languageCode',
					apiPath: 'language_code',
					description: 'Language of the voice',
					placeholder: 'e.g. en-US',
				}),
				stringField({ displayName: 'Rate', name: 'rate', apiPath: 'rate', description: 'Speaking rate' }),
				stringField({
					displayName: 'Voice Name',
					name: 'voiceName',
					apiPath: 'voice_name',
					description: 'Name of the Azure voice',
					placeholder: 'e.g. en-US-LunaNeural',
				}),
			],
		}),
		groupField({
			displayName: 'Synthesizer (Cartesia)',
			name: 'synthesizerCartesia',
			apiPath: 'additional_settings.Synthesizer.Cartesia',
			description: 'Voice settings for Cartesia',
			fields: [
				jsonField({
					displayName: 'Emotion (JSON)',
					name: 'emotion',
					description: 'Emotion settings as a JSON object',
					apiPath: 'emotion',
				}),
				stringField({ displayName: 'Speed', name: 'speed', apiPath: 'speed', description: 'Speaking speed' }),
			],
		}),
		groupField({
			displayName: 'Synthesizer (ElevenLabs)',
			name: 'synthesizerElevenLabs',
			apiPath: 'additional_settings.Synthesizer.ElevenLabs',
			description: 'Voice settings for ElevenLabs',
			fields: [
				stringField({
					displayName: 'Optimize Latency',
					name: 'optimizeLatency',
					apiPath: 'optimize_latency',
					description: 'Latency optimisation level',
				}),
				stringField({
					displayName: 'Similarity',
					name: 'similarity',
					apiPath: 'similarity',
					description: 'Similarity boost',
				}),
				stringField({
					displayName: 'Stability',
					name: 'stability',
					apiPath: 'stability',
					description: 'Voice stability',
				}),
				stringField({
					displayName: 'Style Exaggeration',
					name: 'styleExaggeration',
					apiPath: 'style_exaggeration',
					description: 'Style exaggeration',
				}),
			],
		}),
		groupField({
			displayName: 'Transcriber (Deepgram)',
			name: 'transcriberDeepgram',
			apiPath: 'additional_settings.Transcriber.Deepgram',
			description: 'Speech-to-text settings for Deepgram',
			fields: [
				stringField({
					displayName: 'Keywords',
					name: 'keywords',
					description: 'Words to listen for, comma-separated',
					apiPath: 'keywords',
					read: stringList,
				}),
				stringField({
					displayName: 'Language',
					name: 'language',
					apiPath: 'language',
					description: 'Language to transcribe',
					placeholder: 'e.g. en-US',
				}),
			],
		}),
		stringField({
			displayName: 'Voice ID',
			name: 'voiceId',
			apiPath: 'voice_id',
			description: 'Voice of the synthesizer',
			placeholder: 'e.g. en-US-LunaNeural',
		}),
	],
};
