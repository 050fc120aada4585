import type { Field } from '../../../helpers/fields';

/** One value of the assistant `type`: its fields, required ones at the top level. */
export interface Channel {
	type: string;
	name: string;
	description: string;
	/** Fields the channel's docs page marks required, shown at the top level. */
	required: Field[];
	/** Optional fields, offered in the channel's "Additional Fields" collection. */
	optional: Field[];
}
