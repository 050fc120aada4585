import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { contactSwingError } from './errors';
import type { ApiRequest } from './types';
import { contactSwingRequest } from './index';
import { Execution } from './execution';
import { isObject } from '../helpers/objects';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** Records per page: the most the documented lists accept (calls: 1–100). */
const PAGE_SIZE = 100;

const UNREADABLE_LIST_ADVICE =
	'Nothing was changed. Run it again; if it persists, check the Base URL points at the ContactSwing API.';

/**
 * One page of a paginated list: its records (`data.data`, which must be a list) and whether the
 * server says more follow: `has_next`, else `total_pages`, else `total_records` compared with the
 * distinct records received so far, which is all customers and calls give.
 */
export async function contactSwingRequestPage(
	this: Context,
	request: ApiRequest,
	page: number,
	{ perPage = PAGE_SIZE, itemIndex = 0, execution = Execution.withOptions() } = {},
): Promise<{ records: IDataObject[]; served: number; perPage: number; more: (received: number) => boolean }> {
	const response = await contactSwingRequest.call(
		this,
		{ ...request, qs: { ...request.qs, page, per_page: perPage } },
		itemIndex,
		execution,
	);
	const data = isObject(response.data) ? response.data : {};
	const list = data.data;
	if (!Array.isArray(list)) {
		throw contactSwingError(this, itemIndex, {
			message: `ContactSwing's answer could not be read: page ${page} of ${request.path} holds no list of records (data.data is ${kindOf(list)})`,
			description: UNREADABLE_LIST_ADVICE,
		});
	}
	const records: IDataObject[] = [];
	list.forEach((record: unknown, index) => {
		if (isObject(record)) records.push(record);
		else if (!execution.policy.dropdown) {
			throw contactSwingError(this, itemIndex, {
				message: `ContactSwing's answer could not be read: record ${index + 1} of page ${page} of ${request.path} is ${kindOf(record)}, not an object`,
				description: UNREADABLE_LIST_ADVICE,
			});
		}
	});
	const pagination = isObject(data.pagination) ? data.pagination : {};
	return {
		records,
		served: list.length,
		// The page size the server says it used, which may be smaller than the one asked for.
		perPage: typeof pagination.per_page === 'number' && pagination.per_page > 0 ? pagination.per_page : perPage,
		more: (received) => list.length > 0 && hasMore(pagination, page, received),
	};
}

/**
 * Every page of a list, up to `limit` distinct records. It always ends: at a page that brings
 * nothing new while the server says more follow (an error), and at the policy's page cap (an
 * error, or for a dropdown the records so far).
 */
export async function contactSwingRequestAllPages(
	this: Context,
	request: ApiRequest,
	itemIndex = 0,
	limit = Infinity,
	execution: Execution = Execution.withOptions(),
): Promise<IDataObject[]> {
	const { maxPages, dropdown } = execution.policy;
	const perPage = Math.min(PAGE_SIZE, limit);
	const records = new Map<string, IDataObject>();
	for (let page = 1; records.size < limit; page++) {
		if (page > maxPages) {
			if (dropdown) break;
			throw contactSwingError(this, itemIndex, {
				message: `ContactSwing's list ${request.path} still had more after ${maxPages} pages (${records.size} records); the node stops there`,
				description: 'Turn off Return All and set a Limit.',
			});
		}
		const next = await contactSwingRequestPage.call(this, request, page, {
			perPage,
			itemIndex,
			execution,
		});
		execution.report.pageRead(page, next.records.length);
		const before = records.size;
		for (const record of next.records) {
			if (records.size < limit) records.set(recordKey(record), record);
		}
		if (!next.more(records.size)) break;
		if (records.size === before) {
			throw contactSwingError(this, itemIndex, {
				message: `ContactSwing's list ${request.path} did not advance at page ${page}: it brought ${next.records.length} records, none new, and said more would follow (${before} received)`,
				description:
					'The node stopped rather than read the same records again. Set a Limit to take the first ones, and tell ContactSwing support the list repeats itself.',
			});
		}
	}
	return [...records.values()];
}

function hasMore(pagination: unknown, page: number, received: number): boolean {
	if (!isObject(pagination)) return false;
	if (typeof pagination.has_next === 'boolean') return pagination.has_next;
	if (typeof pagination.total_pages === 'number') return page < pagination.total_pages;
	if (typeof pagination.total_records === 'number') return received < pagination.total_records;
	return false;
}

/** Records are the same record when their IDs are; records without one, when all their fields are. */
function recordKey(record: IDataObject): string {
	const { id } = record;
	return typeof id === 'string' || typeof id === 'number' ? `id ${typeof id} ${id}` : `json ${JSON.stringify(record)}`;
}

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'missing';
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}
