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
 * The most list output one execution keeps, as the bytes of its JSON text (UTF-8, as n8n saves and
 * sends it; never fewer than its characters): n8n turns an execution's whole output into one string
 * to save and send it. Measured in docs/api-choices.md#pagination.
 */
export const MAX_LIST_OUTPUT_MB = 128;
const MAX_LIST_OUTPUT_BYTES = MAX_LIST_OUTPUT_MB * 1024 * 1024;

/**
 * Every page of a list, up to `limit` distinct records, each as `keep` makes it (Simplify) when it
 * arrives, so only what is output is held. It always ends: at a page that brings nothing new while
 * the server says more follow (an error), at the policy's page cap (an error, or for a dropdown
 * the records so far), and before the execution's lists keep more than MAX_LIST_OUTPUT_MB (an error).
 */
export async function contactSwingRequestAllPages(
	this: Context,
	request: ApiRequest,
	itemIndex = 0,
	limit = Infinity,
	execution: Execution = Execution.withOptions(),
	keep: (record: IDataObject) => IDataObject = (record) => record,
): Promise<IDataObject[]> {
	const { maxPages, dropdown } = execution.policy;
	const perPage = Math.min(PAGE_SIZE, limit);
	const records = new Map<string, IDataObject>();
	let held = 0; // this item's part of execution.listOutputBytes
	let read = false;
	try {
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
			let full = false;
			for (const record of next.records) {
				if (records.size >= limit) break;
				const key = recordKey(record);
				const kept = keep(record);
				const replaced = records.get(key); // a repeated record: its last version is output, in its first place
				const added = heldBytes(key, kept) - (replaced ? heldBytes(key, replaced) : 0);
				held += added;
				execution.listOutputBytes += added;
				if (execution.listOutputBytes > MAX_LIST_OUTPUT_BYTES) {
					// A dropdown shows the records so far, as at its page cap.
					if (dropdown) {
						full = true;
						break;
					}
					throw contactSwingError(this, itemIndex, {
						message: `ContactSwing's list ${request.path} is too large to output: at page ${page} (${records.size} records) this execution's lists passed ${MAX_LIST_OUTPUT_MB} MB, the most the node keeps`,
						description:
							'Turn off Return All and set a Limit, or filter the list. Simplify keeps only the main fields of each record, which lets more records fit.',
					});
				}
				records.set(key, kept);
			}
			if (full || !next.more(records.size)) break;
			if (records.size === before) {
				throw contactSwingError(this, itemIndex, {
					message: `ContactSwing's list ${request.path} did not advance at page ${page}: it brought ${next.records.length} records, none new, and said more would follow (${before} received)`,
					description:
						'The node stopped rather than read the same records again. Set a Limit to take the first ones, and tell ContactSwing support the list repeats itself.',
				});
			}
		}
		read = true;
	} finally {
		if (!read) execution.listOutputBytes -= held; // a failed item outputs none of its records
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

/**
 * What each record costs besides its JSON: n8n's item around it (`{"json":…,"pairedItem":{"item":0}}`)
 * and the objects that hold it. Without it, 128 MB of records of 35 characters held 1.35 GB.
 */
const RECORD_OVERHEAD_BYTES = 100;

/**
 * What a kept record holds, in bytes of its JSON: a record without an ID is held as its key (all its
 * fields) too. Bytes, not characters: a character outside Latin-1 is 2 bytes in V8's strings and up
 * to 4 in UTF-8, and counted as one, such text kept 3 times the cap.
 */
function heldBytes(key: string, kept: IDataObject): number {
	const keyBytes = key.startsWith('json') ? Buffer.byteLength(key) : 0;
	return Buffer.byteLength(JSON.stringify(kept)) + keyBytes + RECORD_OVERHEAD_BYTES;
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
