import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PreparedRequest } from '../operations';
import { fieldProperties, pickVariant, readRequest, showOnlyFor } from '../operations';
import { actionTypes } from './actionTypes';
import type { Field } from '../../helpers/fields';
import { byName, optionsField, stringField } from '../../helpers/fields';
import { required, text } from '../../helpers/readers';

const showForCreate = { resource: ['action'], operation: ['create'] };

const name: Field = stringField({
	displayName: 'Name',
	name: 'name',
	placeholder: 'e.g. Send booking link',
	description: 'Display name of the action',
	apiPath: 'name',
	read: required(text),
});

const actionTiming: Field = optionsField({
	displayName: 'Action Timing',
	name: 'actionTiming',
	options: [
		{ name: 'After', value: 'AFTER' },
		{ name: 'Before', value: 'BEFORE' },
		{ name: 'During', value: 'DURING' },
	],
	default: 'DURING',
	description: 'When the action runs, relative to the conversation',
	hint: 'To use a value that is not listed, switch the field to Expression and type it.',
	apiPath: 'action_timing',
	read: required(text),
});

const descriptionField = (isRequired: boolean): Field =>
	stringField({
		displayName: 'Description',
		name: 'description',
		typeOptions: { rows: 2 },
		placeholder: 'e.g. Send the booking link when the caller asks for an appointment',
		description: 'When the agent should use this action',
		apiPath: 'description',
		read: isRequired ? required(text) : text,
	});

export const description: INodeProperties[] = [
	...showOnlyFor(showForCreate, [
		{
			displayName: 'Action Type',
			name: 'actionType',
			type: 'options',
			options: actionTypes
				.map(({ name: typeName, type, description: typeDescription }) => ({
					name: typeName,
					value: type,
					description: typeDescription,
				}))
				.sort(byName),
			default: 'WEBHOOK',
			description: 'What the action does',
		},
	]),
	...actionTypes.flatMap((actionType) => {
		const { required: top, optional } = fieldsOf(actionType.type);
		return fieldProperties({ ...showForCreate, actionType: [actionType.type] }, top, optional);
	}),
];

function fieldsOf(type: string) {
	const actionType = actionTypes.find((candidate) => candidate.type === type)!;
	return {
		required: [
			name,
			...(actionType.descriptionRequired ? [descriptionField(true)] : []),
			actionTiming,
			...actionType.required,
		],
		optional: [...(actionType.descriptionRequired ? [] : [descriptionField(false)]), ...actionType.optional],
	};
}

/** POST /v2/_actions with the chosen type's documented fields. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedRequest {
	const { value: type } = pickVariant(
		this,
		itemIndex,
		{ name: 'actionType', displayName: 'Action Type', noun: 'an action type' },
		Object.fromEntries(actionTypes.map((actionType) => [actionType.type, actionType])),
	);
	const { required: top, optional } = fieldsOf(type);
	const { body } = readRequest(this, itemIndex, top, optional);
	return { request: { method: 'POST', path: '/v2/_actions', body: { type: type as string, ...body } } };
}

export { send as run } from '../operations';
