import { listOperation } from '../common/listOperation';
import { onlyKeys } from '../../helpers/objects';

/** GET /v2/_actions, page by page. */
export const { description, prepare, run } = listOperation({
	show: { resource: ['action'], operation: ['getAll'] },
	path: '/v2/_actions',
	noun: 'action',
	simplify: onlyKeys('id', 'name', 'type', 'is_active'),
	simplifiedFields: 'id, name, type, is_active',
});
