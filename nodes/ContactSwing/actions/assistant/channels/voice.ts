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
import { agentOpenAi, agentSettings } from './voice/agent';
import {
	behaviour,
	synthesizerAzure,
	synthesizerCartesia,
	synthesizerElevenLabs,
	transcriberDeepgram,
} from './voice/speech';
import { booleanField, stringField } from '../../../helpers/fields';
import { e164 } from '../../../helpers/formats';

export const voice: Channel = {
	type: 'VOICE_INCOMING',
	name: 'Voice',
	description: 'An agent that answers and makes phone calls',
	required: [],
	onTop: [
		stringField({
			displayName: 'Phone Number',
			name: 'phoneNumber',
			placeholder: 'e.g. +13465842882',
			description: 'The number the agent answers and dials from, in E.164 format',
			apiPath: 'phone_number',
			parse: e164,
		}),
	],
	optional: [
		actionIds,
		agentOpenAi,
		agentPrompt,
		agentSettings,
		apiKeyRows('MODEL', false),
		behaviour,
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
		openOptionsField({
			displayName: 'Synthesizer',
			name: 'synthesizer',
			choices: { Azure: 'AZURE', Cartesia: 'CARTESIA', ElevenLabs: 'ELEVENLABS' },
			default: 'AZURE',
			description: 'The text-to-speech engine that gives the agent its voice',
			apiPath: 'synthesizer',
		}),
		synthesizerAzure,
		synthesizerCartesia,
		synthesizerElevenLabs,
		transcriberDeepgram,
		stringField({
			displayName: 'Voice ID',
			name: 'voiceId',
			apiPath: 'voice_id',
			description: 'Voice of the synthesizer',
			placeholder: 'e.g. en-US-LunaNeural',
		}),
	],
};
