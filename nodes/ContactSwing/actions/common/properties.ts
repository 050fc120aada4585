import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Field } from '../../helpers/fields';
import { jsonField, sortByName } from '../../helpers/fields';

/** When a field shows: the resource, the operation and any variant parameter (channel, type…). */
export type Show = { resource: string[]; operation: string[] } & Record<string, string[]>;

/** The hint of a dropdown that also takes values it does not list. */
export const OTHER_VALUES_HINT = 'To use a value that is not listed, switch the field to Expression and type it.';

export const ADDITIONAL_FIELDS = { name: 'additionalFields', displayName: 'Additional Fields' };

/** The escape hatch: fields the node does not model yet, deep-merged into the body last, so their keys win. */
export const extraBody: Field = jsonField({
	displayName: 'Extra Body (JSON)',
	name: 'extraBody',
	description:
		'A JSON object deep-merged into the request body after all other fields, so its keys win. For API fields this node does not offer yet.',
	apiPath: 'extraBody',
});

/** Required fields at the top level. */
export function requiredProperties(fields: Field[]): INodeProperties[] {
	return fields.map(({ property }) => ({ ...property, required: true }));
}

/** The optional fields in one collection, sorted by name, with the Extra Body that `requestFromFields` reads. */
function optionalCollection(fields: Field[], collection = ADDITIONAL_FIELDS): INodeProperties {
	return {
		displayName: collection.displayName,
		name: collection.name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: sortByName([...fields, extraBody].map(({ property }) => property)),
	};
}

/** Shows fields for one resource + operation: required ones at the top level, the rest in a collection. */
export function fieldProperties(
	show: Show,
	required: Field[],
	optional: Field[],
	collection = ADDITIONAL_FIELDS,
): INodeProperties[] {
	return updateDisplayOptions({ show }, [...requiredProperties(required), optionalCollection(optional, collection)]);
}
