import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { contactSwingRequestAllPages } from '../transport/pagination';

/** The account's actions for the "Action Names or IDs" dropdown: every page of GET /v2/_actions. */
export async function getActions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const actions = await contactSwingRequestAllPages.call(this, { method: 'GET', path: '/v2/_actions' });
	return actions.map((action) => ({
		name: `${String(action.name ?? action.id)}${action.type ? ` (${String(action.type)})` : ''}`,
		value: String(action.id),
	}));
}
