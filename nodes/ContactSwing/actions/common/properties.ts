import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Field } from '../../helpers/fields';
import { jsonField, sortByName } from '../../helpers/fields';

/** When a field shows: the resource, the operation and any variant parameter (channel, type…). */
export type Show = { resource: string[]; operation: string[] } & Record<string, string[]>;

/** The hint of a dropdown that also takes values it does not list. */
export const OTHER_VALUES_HINT = 'To use a value that is not listed, switch the field to Expression and type it.';

/**
 * Version 1.1 shows each operation's most used optional fields at the top level; version 1 keeps
 * them in the collection, where the workflows it saved hold their values (n8n drops a saved
 * value its version's description does not show).
 */
export const NODE_VERSIONS = [1, 1.1];
const FIELDS_ON_TOP = { '@version': [{ _cnd: { gte: 1.1 } }] };
const FIELDS_IN_COLLECTION = { '@version': [1] };

/** Every field that takes an agent: a real example, and where its value comes from. */
export const AGENT_ID = {
	displayName: 'Agent ID',
	placeholder: 'e.g. 3f2b8c1e-5d4a-4e7b-9c6d-1a2b3c4d5e6f',
	hint: "The agent's assistant_id: map {{ $json.assistant_id }} from Agent → Create's output, or copy it from the agent in ContactSwing.",
};

export const ADDITIONAL_FIELDS = { name: 'additionalFields', displayName: 'Additional Fields' };

/** The escape hatch: fields the node does not model yet, deep-merged into the body last, so their keys win. */
export const extraBody: Field = jsonField({
	displayName: 'Extra Body (JSON)',
	name: 'extraBody',
	description:
		'A JSON object deep-merged into the request body after all other fields, so its keys win. For API fields this node does not offer yet.',
	apiPath: 'extraBody',
});

/** A field version 1 of the node offered and 1.1 leaves out: the workflows that saved it still send it. */
export function inVersion1Only(field: Field): Field {
	return { ...field, property: updateDisplayOptions({ show: FIELDS_IN_COLLECTION }, [field.property])[0] };
}

/** A field version 1.1 shows in place of version 1's field of the same name (`inVersion1Only`). */
export function fromVersion11(field: Field): Field {
	return { ...field, property: updateDisplayOptions({ show: FIELDS_ON_TOP }, [field.property])[0] };
}

/** Required fields at the top level. */
export function requiredProperties(fields: Field[]): INodeProperties[] {
	return fields.map(({ property }) => ({ ...property, required: true }));
}

/**
 * The optional fields in one collection, sorted by name, with the Extra Body that `requestFromFields`
 * reads, and in version 1 the fields 1.1 shows on top.
 */
function optionalCollection(fields: Field[], onTop: Field[], collection = ADDITIONAL_FIELDS): INodeProperties {
	return {
		displayName: collection.displayName,
		name: collection.name,
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: sortByName([...fields, extraBody, ...onTop.map(inVersion1Only)].map(({ property }) => property)),
	};
}

/**
 * Shows fields for one resource + operation: required ones at the top level, then the most used
 * optional ones (`onTop`), the rest in a collection.
 */
export function fieldProperties(
	show: Show,
	required: Field[],
	optional: Field[],
	collection = ADDITIONAL_FIELDS,
	onTop: Field[] = [],
): INodeProperties[] {
	return updateDisplayOptions({ show }, [
		...requiredProperties(required),
		...updateDisplayOptions(
			{ show: FIELDS_ON_TOP },
			onTop.map(({ property }) => property),
		),
		optionalCollection(optional, onTop, collection),
	]);
}
