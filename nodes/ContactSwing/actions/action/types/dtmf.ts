import type { ActionType } from './shared';
import { mandatory } from './shared';
import { stringField } from '../../../helpers/fields';
import { required, text } from '../../../helpers/parsers';

export const dtmf: ActionType = {
	type: 'DTMF_ACTION',
	name: 'DTMF (Keypad)',
	description: 'Asks the caller for keypad input',
	descriptionRequired: true,
	required: [
		stringField({
			displayName: 'Prompt',
			name: 'dtmfDescription',
			apiPath: 'webhook.description',
			description: 'What the agent asks for',
			placeholder: 'e.g. Enter your account number',
			parse: required(text),
		}),
	],
	optional: [mandatory('Whether keypad input is needed before continuing')],
};
