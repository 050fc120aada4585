import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { ApiRequest } from './index';
import { contactSwingRequest } from './index';
import type { Session } from './policy';
import { newSession } from './policy';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** Records per page: the most the documented lists accept (calls: 1–100). */
export const PAGE_SIZE = 100;

/**
 * One page of a paginated list (`data.data` + `data.pagination`), and whether another follows:
 * `has_next`, or `total_pages` / `total_records` where that is all the endpoint gives.
 */
export async function contactSwingRequestPage(
	this: Context,
	request: ApiRequest,
	page: number,
	perPage = PAGE_SIZE,
	itemIndex = 0,
	session: Session = newSession(),
): Promise<{ records: IDataObject[]; hasNext: boolean }> {
	const response = await contactSwingRequest.call(
		this,
		{ ...request, qs: { ...request.qs, page, per_page: perPage } },
		itemIndex,
		session,
	);
	const data = (response.data ?? {}) as { data?: IDataObject[]; pagination?: IDataObject };
	const records = Array.isArray(data.data) ? data.data : [];
	return {
		records,
		hasNext: records.length > 0 && hasNextPage(data.pagination, page, (page - 1) * perPage + records.length),
	};
}

/** Every page of a list, up to `limit` records. */
export async function contactSwingRequestAllPages(
	this: Context,
	request: ApiRequest,
	itemIndex = 0,
	limit = Infinity,
	session: Session = newSession(),
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (let page = 1; records.length < limit; page++) {
		const next = await contactSwingRequestPage.call(
			this,
			request,
			page,
			Math.min(PAGE_SIZE, limit),
			itemIndex,
			session,
		);
		records.push(...next.records);
		if (!next.hasNext) break;
	}
	return records.slice(0, limit);
}

function hasNextPage(pagination: IDataObject | undefined, page: number, seen: number): boolean {
	if (!pagination) return false;
	if (typeof pagination.has_next === 'boolean') return pagination.has_next;
	if (typeof pagination.total_pages === 'number') return page < pagination.total_pages;
	if (typeof pagination.total_records === 'number') return seen < pagination.total_records;
	return false;
}
