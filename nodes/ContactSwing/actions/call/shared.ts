import { AGENT_ID } from '../common/properties';
import type { Field } from '../../helpers/fields';
import { stringField } from '../../helpers/fields';
import { required, text } from '../../helpers/parsers';
import { e164 } from '../../helpers/formats';

/** The fields both call endpoints share. */
export const callee: Field = stringField({
	displayName: 'Phone Number',
	name: 'phoneNumber',
	placeholder: 'e.g. +1234567890',
	description: 'The number to call, in E.164',
	apiPath: 'phone_number',
	parse: required(e164),
});

export const agentId = (apiIn: 'body' | 'path'): Field =>
	stringField({
		...AGENT_ID,
		name: 'agentId',
		description: 'The voice agent that makes the call',
		apiPath: 'agent_id',
		in: apiIn,
		parse: required(text),
	});

export const callDetails: Field[] = [
	stringField({
		displayName: 'Call Purpose',
		name: 'callPurpose',
		placeholder: 'e.g. Appointment reminder',
		description: 'Why the agent calls',
		apiPath: 'call_purpose',
	}),
	stringField({
		displayName: 'Customer Name',
		name: 'customerName',
		placeholder: 'e.g. John Doe',
		description: 'Name of the person called',
		apiPath: 'customer_name',
	}),
];

export const CALL_WARNING =
	'Places a real phone call to the number: it contacts a person and costs money. ContactSwing allows 10 calls a minute; the node waits and retries when it is rate-limited.';
