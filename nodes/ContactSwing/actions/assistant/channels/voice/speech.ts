import { groupField, jsonField, stringField } from '../../../../helpers/fields';
import { stringList } from '../../../../helpers/parsers';

/** How the Voice agent sounds and hears: its behaviour, its synthesizer's settings, its transcriber's. */

const emotion = (displayName: string, name: string) =>
	stringField({
		displayName,
		name,
		apiPath: `emotions.${name}`,
		description: `Level of ${name} in the voice`,
	});

export const behaviour = groupField({
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
});

export const synthesizerAzure = groupField({
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
});

export const synthesizerCartesia = groupField({
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
});

export const synthesizerElevenLabs = groupField({
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
});

export const transcriberDeepgram = groupField({
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
			parse: stringList,
		}),
		stringField({
			displayName: 'Language',
			name: 'language',
			apiPath: 'language',
			description: 'Language to transcribe',
			placeholder: 'e.g. en-US',
		}),
	],
});
