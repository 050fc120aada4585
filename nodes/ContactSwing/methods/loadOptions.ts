import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { contactSwingRequest } from '../transport';

/** The account's actions for the "Action Names or IDs" dropdown (GET /v2/_actions). */
export async function getActions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await contactSwingRequest.call(this, { method: 'GET', path: '/v2/_actions' });
	const actions = ((response.data as IDataObject | undefined)?.data as IDataObject[] | undefined) ?? [];
	return actions.map((action) => ({
		name: `${String(action.name ?? action.id)}${action.type ? ` (${String(action.type)})` : ''}`,
		value: String(action.id),
	}));
}
