'use strict';
/**
 * Large answers made cheaply, for the memory bounds: lists far larger than memory, page by page.
 * Kept apart from the contract: they are faults (`double.failWhen(when, largeList(...))`), not API rows.
 */

/**
 * A list of `pages` pages of `perPage` records, each record `recordChars` characters of `field`
 * with a distinct ID. A page is made when it is asked for and dropped once sent, so the double
 * holds one page at a time. `ids: false`: records without an ID (told apart by a `number` field);
 * `repeat`: each page also brings the previous page's records again; `char`: the filler's character
 * (one outside Latin-1 is 3 bytes of UTF-8, and 2 in each of V8's strings).
 * @param {{ pages?: number, perPage?: number, recordChars?: number, field?: string, ids?: boolean, repeat?: boolean, char?: string }} [shape]
 */
function largeList({
	pages = 1000,
	perPage = 100,
	recordChars = 50_000,
	field = 'name',
	ids = true,
	repeat = false,
	char = 'x',
} = {}) {
	const filler = char.repeat(recordChars);
	const recordsOf = (page) =>
		Array.from({ length: page >= 1 && page <= pages ? perPage : 0 }, (_, index) =>
			JSON.stringify(
				ids ? { id: `large-${page}-${index}`, [field]: filler } : { number: `${page}-${index}`, [field]: filler },
			),
		);
	return {
		respond(request) {
			const page = Number(request.query.page ?? 1);
			const records = [...(repeat ? recordsOf(page - 1) : []), ...recordsOf(page)];
			const pagination = { current_page: page, per_page: perPage, total_records: pages * perPage };
			const body = `{"data":{"data":[${records.join(',')}],"pagination":${JSON.stringify(pagination)}}}`;
			return { status: 200, body: Buffer.from(body) };
		},
	};
}

module.exports = { largeList };
