import type { Field } from '../../../helpers/fields';
import { rowsField, stringField } from '../../../helpers/fields';
import type { Parser } from '../../../helpers/parsers';
import { required, text } from '../../../helpers/parsers';

/** One touchpoint channel: its path (as its docs page spells it) and its own fields. */
export interface Touchpoint {
	path: string;
	/** Tried once when `path` answers 404, which creates nothing: for a path the docs spell two ways. */
	pathIfNotFound?: string;
	required: Field[];
	optional: Field[];
	/** The most used optional fields, at the top level after the required ones. */
	onTop?: Field[];
}

/** The customers a touchpoint reaches, each with the contact its channel needs. */
export const customerRows = (contactKey: 'email' | 'to_number', contactLabel: string, parse: Parser): Field =>
	rowsField({
		displayName: 'Customers',
		name: 'customers',
		row: { displayName: 'Customer', name: 'customer' },
		placeholder: 'Add customer',
		description: 'The customers the touchpoint reaches',
		apiPath: 'touchpoint.customer_details',
		fields: [
			stringField({
				displayName: 'Customer ID',
				name: 'id',
				apiPath: 'id',
				description: 'ContactSwing customer ID',
				parse: required(text),
			}),
			stringField({
				displayName: contactLabel,
				name: contactKey === 'email' ? 'email' : 'toNumber',
				apiPath: contactKey,
				description: contactKey === 'email' ? "The customer's email" : "The customer's WhatsApp number",
				parse: required(parse),
			}),
		],
		required: true,
	});
