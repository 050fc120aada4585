import type { Field, FieldSpec } from '../../../helpers/fields';
import { booleanField, listField } from '../../../helpers/fields';

/** One documented action `type`: its fields, required ones top level. */
export interface ActionType {
	type: string;
	name: string;
	description: string;
	/** Whether the docs page requires the action's top-level `description` (all but data extraction). */
	descriptionRequired: boolean;
	required: Field[];
	optional: Field[];
	/** The most used optional fields, at the top level after the required ones. */
	onTop?: Field[];
}

/** A list of IDs or values; the hint tells the builder both ways to give one. */
export const idListField = (spec: FieldSpec): Field =>
	listField({ ...spec, description: `${spec.description}. Comma-separated, or an array from an expression.` });

export const mandatory = (description: string) =>
	booleanField({ displayName: 'Mandatory', name: 'mandatory', apiPath: 'webhook.mandatory', description });
