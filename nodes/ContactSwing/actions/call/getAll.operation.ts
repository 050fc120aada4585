import { listOperation } from '../common/listOperation';
import { onlyKeys } from '../../helpers/objects';

/** GET /v2/_calls, page by page (at most 100 a page; ContactSwing allows 30 reads a minute). */
export const { description, prepare, run } = listOperation({
	show: { resource: ['call'], operation: ['getAll'] },
	path: '/v2/_calls',
	noun: 'call',
	simplify: onlyKeys('id', 'customer_name', 'status', 'duration'),
	simplifiedFields: 'id, customer_name, status, duration in seconds',
});
