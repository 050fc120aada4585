import { fieldOperation } from '../common/fieldOperation';
import { agentId, callDetails, callee } from './shared';
import { optionsField } from '../../helpers/fields';

/** POST /v2/_call, the unified endpoint: version v1 (Twilio HTTP, the default) or v2 (LiveKit SIP). */
export const { description, prepare, run } = fieldOperation({
	show: { resource: ['call'], operation: ['start'] },
	method: 'POST',
	path: '/v2/_call',
	required: [agentId('body'), callee],
	optional: [
		...callDetails,
		optionsField({
			displayName: 'Version',
			name: 'version',
			options: [
				{ name: 'V1 (Twilio HTTP)', value: 'v1' },
				{ name: 'V2 (LiveKit SIP)', value: 'v2' },
			],
			default: 'v1',
			description: 'How the call is placed; ContactSwing uses v1 when this is not set',
			apiPath: 'version',
		}),
	],
});
