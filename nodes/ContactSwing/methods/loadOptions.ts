import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { hasId } from './listSearch';
import { contactSwingRequestAllPages } from '../transport/pagination';
import { forDropdown } from '../transport/execution';

/** The account's actions for the "Action Names or IDs" dropdown: every page of GET /v2/_actions. */
export async function getActions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const actions = await forDropdown(
		this,
		async (execution) =>
			await contactSwingRequestAllPages.call(this, { method: 'GET', path: '/v2/_actions' }, 0, Infinity, execution),
	);
	return actions.filter(hasId).map((action) => ({
		name: `${String(action.name ?? action.id)}${action.type ? ` (${String(action.type)})` : ''}`,
		value: String(action.id),
	}));
}
