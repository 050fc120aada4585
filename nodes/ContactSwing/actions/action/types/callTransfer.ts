import type { ActionType } from './shared';
import { booleanField, stringField } from '../../../helpers/fields';
import { required } from '../../../helpers/parsers';
import { digitsPhoneNumber } from '../../../helpers/formats';

export const callTransfer: ActionType = {
	type: 'CALL_TRANSFER',
	name: 'Call Transfer',
	description: 'Transfers the call to a person',
	descriptionRequired: true,
	required: [
		stringField({
			displayName: 'Phone Number',
			name: 'phoneNumber',
			apiPath: 'phone_number',
			description: 'Where to transfer, digits with country code and no +',
			parse: required(digitsPhoneNumber),
		}),
	],
	optional: [
		booleanField({
			displayName: 'Extension Enabled',
			name: 'extensionEnabled',
			apiPath: 'webhook.extension_enabled',
			description: 'Whether extensions may be dialled',
		}),
		booleanField({
			displayName: 'Run Before Call',
			name: 'runBeforeCall',
			apiPath: 'runBeforeCall',
			description: 'Whether to run before the transfer',
		}),
		stringField({
			displayName: 'Speech',
			name: 'speech',
			apiPath: 'speech',
			description: 'What the agent says before transferring',
		}),
	],
};
