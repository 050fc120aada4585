import type { Field } from '../../../helpers/fields';

/** One value of the assistant `type`: its fields, required ones at the top level. */
export interface Channel {
	type: string;
	name: string;
	description: string;
	/** Fields the channel's docs page marks required, shown at the top level. */
	required: Field[];
	/** The most used optional fields, at the top level after the required ones. */
	onTop?: Field[];
	/** Optional fields, offered in the channel's "Additional Fields" collection. */
	optional: Field[];
}
