import { fieldOperation } from '../common/fieldOperation';
import { agentId, callDetails, callee } from './shared';

/** POST /v2/_voicecalls/{agent_id}/makeCall: the agent in the path, as its field table says. */
export const { description, prepare, run } = fieldOperation({
	show: { resource: ['call'], operation: ['makeCall'] },
	method: 'POST',
	path: '/v2/_voicecalls/{agent_id}/makeCall',
	required: [agentId('path'), callee],
	optional: callDetails,
});
