import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { contactSwingRequestPage } from '../transport/pagination';

/**
 * The Customer picker: one page of GET /v2/_customers at a time, the page number as the pagination
 * token. The API documents no search parameter, so the filter is applied to each page here.
 */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Number(paginationToken ?? 1);
	const { records: customers, hasNext } = await contactSwingRequestPage.call(
		this,
		{ method: 'GET', path: '/v2/_customers' },
		page,
	);
	const needle = filter?.trim().toLowerCase();
	// The search matches the name, email, phone or ID, even where the label shows only some of them.
	const matches = (customer: IDataObject) =>
		!needle ||
		[customer.name, customer.email, customer.phone, customer.id].some(
			(value) => value !== undefined && value !== null && String(value).toLowerCase().includes(needle),
		);
	const results = customers.filter(matches).map((customer) => ({
		name: [customer.name, customer.email ?? customer.phone].filter(Boolean).join(' · ') || String(customer.id),
		value: String(customer.id),
	}));
	return { results, paginationToken: hasNext ? String(page + 1) : undefined };
}
