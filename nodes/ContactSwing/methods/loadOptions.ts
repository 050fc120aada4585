import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { hasId } from './listSearch';
import { actionTypes } from '../actions/action/types';
import { contactSwingRequestAllPages } from '../transport/pagination';
import { forDropdown } from '../transport/execution';

/** The node's label of each action type ("SMS" for SEND_SMS), as Agent Action → Create shows it. */
const typeLabels = new Map(actionTypes.map(({ type, name }) => [type, name]));

/**
 * The account's actions for the "Action Names or IDs" dropdown: every page of GET /v2/_actions,
 * each named with its type's label (a type the node does not know, as the API spells it).
 */
export async function getActions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const actions = await forDropdown(
		this,
		async (execution) =>
			await contactSwingRequestAllPages.call(this, { method: 'GET', path: '/v2/_actions' }, 0, Infinity, execution),
	);
	return actions.filter(hasId).map((action) => ({
		name: `${String(action.name ?? action.id)}${action.type ? ` (${typeLabels.get(String(action.type)) ?? String(action.type)})` : ''}`,
		value: String(action.id),
	}));
}
