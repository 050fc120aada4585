import type { INodeProperties } from 'n8n-workflow';

import type { BodyField } from '../../../helpers/fields';

/** One value of the assistant `type`: its node parameters and how they map into the body. */
export interface Channel {
	type: string;
	name: string;
	description: string;
	/** Required fields, shown at the top level for this channel. */
	properties: INodeProperties[];
	/** Options of this channel's "Additional Fields" collection. */
	additionalFields: INodeProperties[];
	/** Where each of this channel's parameters goes in the request body. */
	bodyFields: BodyField[];
}
