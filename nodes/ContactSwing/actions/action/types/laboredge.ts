import type { ActionType } from './shared';
import { mandatory } from './shared';
import { optionsField } from '../../../helpers/fields';
import { required, text } from '../../../helpers/parsers';

export const laboredge: ActionType = {
	type: 'LABOREDGE',
	name: 'Laboredge',
	description: 'Runs a Laboredge operation, such as adding or updating a candidate',
	descriptionRequired: true,
	required: [
		optionsField({
			displayName: 'Laboredge Operation',
			name: 'laboredgeOperation',
			options: [{ name: 'Upsert Candidate', value: 'upsert_candidate' }],
			default: 'upsert_candidate',
			description: 'What the agent does in Laboredge',
			hint: 'To use an operation that is not listed, switch the field to Expression and type its name.',
			apiPath: 'webhook.type',
			parse: required(text),
		}),
	],
	optional: [mandatory("Whether the agent waits for Laboredge's answer before it goes on")],
};
