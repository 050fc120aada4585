import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { PreparedRequest } from '../common/request';
import { fieldProperties, OTHER_VALUES_HINT } from '../common/properties';
import { pickVariant, requestFromFields } from '../common/request';
import type { ActionType } from './types';
import { actionTypes } from './types';
import type { Field } from '../../helpers/fields';
import { byName, optionsField, stringField } from '../../helpers/fields';
import { required, text } from '../../helpers/parsers';

const showForCreate = { resource: ['action'], operation: ['create'] };

const name: Field = stringField({
	displayName: 'Name',
	name: 'name',
	placeholder: 'e.g. Send booking link',
	description: 'Display name of the action',
	apiPath: 'name',
	parse: required(text),
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
	hint: OTHER_VALUES_HINT,
	apiPath: 'action_timing',
	parse: required(text),
});

const descriptionField = (isRequired: boolean): Field =>
	stringField({
		displayName: 'Description',
		name: 'description',
		typeOptions: { rows: 2 },
		placeholder: 'e.g. Send the booking link when the caller asks for an appointment',
		description: 'When the agent should use this action',
		apiPath: 'description',
		parse: isRequired ? required(text) : text,
	});

/** An action type's fields: the ones every type has, then its own; required ones top level. */
function fieldsOf(actionType: ActionType): { required: Field[]; optional: Field[]; onTop: Field[] } {
	return {
		required: [
			name,
			...(actionType.descriptionRequired ? [descriptionField(true)] : []),
			actionTiming,
			...actionType.required,
		],
		optional: [...(actionType.descriptionRequired ? [] : [descriptionField(false)]), ...actionType.optional],
		onTop: actionType.onTop ?? [],
	};
}

/** Each action type's fields, by its API `type`: made once, for the editor and for every item. */
const fieldsByType = Object.fromEntries(actionTypes.map((actionType) => [actionType.type, fieldsOf(actionType)]));

export const description: INodeProperties[] = [
	...updateDisplayOptions({ show: showForCreate }, [
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
	...Object.entries(fieldsByType).flatMap(([type, { required: top, optional, onTop }]) =>
		fieldProperties({ ...showForCreate, actionType: [type] }, top, optional, undefined, onTop),
	),
];

/** POST /v2/_actions with the chosen type's documented fields. */
export function prepare(this: IExecuteFunctions, itemIndex: number): PreparedRequest {
	const {
		value: type,
		variant: { required: top, optional, onTop },
	} = pickVariant(
		this,
		itemIndex,
		{ name: 'actionType', displayName: 'Action Type', noun: 'an action type' },
		fieldsByType,
	);
	const { body } = requestFromFields(this, itemIndex, top, optional, undefined, onTop);
	return { request: { method: 'POST', path: '/v2/_actions', body: { type: type as string, ...body } } };
}

export { send as run } from '../common/request';
