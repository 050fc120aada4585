import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { contactSwingRequest } from '../transport';

const PAGE_SIZE = 100;

/**
 * The Customer picker: one page of GET /v2/_customers at a time, the page number as the pagination
 * token. The API documents no search parameter, so the filter is applied to each page here.
 */
export async function searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1);
	const response = await contactSwingRequest.call(this, { method: 'GET', path: '/v2/_customers', qs: { page, per_page: PAGE_SIZE } });
	const data = (response.data ?? {}) as { data?: IDataObject[]; pagination?: IDataObject };
	const customers = data.data ?? [];
	const needle = filter?.trim().toLowerCase();
	const results = customers
		.map((customer) => ({
			name: [customer.name, customer.email ?? customer.phone].filter(Boolean).join(' · ') || String(customer.id),
			value: String(customer.id),
		}))
		.filter((result) => !needle || result.name.toLowerCase().includes(needle) || result.value.toLowerCase().includes(needle));
	const total = Number(data.pagination?.total_records ?? 0);
	const hasMore = customers.length === PAGE_SIZE && page * PAGE_SIZE < total;
	return { results, paginationToken: hasMore ? String(page + 1) : undefined };
}
