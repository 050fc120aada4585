import { listOperation } from '../common/listOperation';
import { onlyKeys } from '../../helpers/objects';

/** GET /v2/_customers, page by page. */
export const { description, prepare, run } = listOperation({
	show: { resource: ['customer'], operation: ['getAll'] },
	path: '/v2/_customers',
	noun: 'customer',
	simplify: onlyKeys('id', 'name', 'phone', 'email'),
	simplifiedFields: 'id, name, phone, email',
});
