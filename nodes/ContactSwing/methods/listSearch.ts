import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { contactSwingRequestPage } from '../transport/pagination';
import { forDropdown } from '../transport/execution';

/**
 * The Customer picker: one page of GET /v2/_customers at a time, the page number as the pagination
 * token. The API documents no search parameter, so the filter is applied to each page here.
 */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Math.floor(Number(paginationToken ?? 1)) || 1);
	const {
		records: customers,
		served,
		perPage,
		more,
		maxPages,
	} = await forDropdown(this, async (execution) => ({
		...(await contactSwingRequestPage.call(this, { method: 'GET', path: '/v2/_customers' }, page, { execution })),
		maxPages: execution.policy.maxPages,
	}));
	const needle = filter?.trim().toLowerCase();
	// The search matches the name, email, phone or ID, even where the label shows only some of them.
	const matches = (customer: IDataObject) =>
		!needle ||
		[customer.name, customer.email, customer.phone, customer.id].some(
			(value) => value !== undefined && value !== null && String(value).toLowerCase().includes(needle),
		);
	const results = customers
		.filter((customer) => hasId(customer) && matches(customer))
		.map((customer) => ({
			name: [customer.name, customer.email ?? customer.phone].filter(Boolean).join(' · ') || String(customer.id),
			value: String(customer.id),
		}));
	// Customers give only total_records: what earlier pages served is counted at the size the server reports.
	// Pages are fetched one per scroll; past the page cap the list ends, as the Actions dropdown does.
	const next = more((page - 1) * perPage + served) && page < maxPages;
	return { results, paginationToken: next ? String(page + 1) : undefined };
}

/** A record the editor can offer: it has an ID to save. */
export function hasId(record: IDataObject): boolean {
	return typeof record.id === 'string' || typeof record.id === 'number';
}
