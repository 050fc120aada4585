import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

type Context = IExecuteFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * The one place that talks to ContactSwing. HTTP errors come back as data (never as an HTTP
 * client error, whose request config would carry the JWT) and become a clean `NodeApiError`.
 */
export async function contactSwingRequest(
	this: Context,
	request: ApiRequest,
	itemIndex = 0,
): Promise<IDataObject> {
	const credentials = await this.getCredentials('contactSwingApi', itemIndex);
	const token = String(credentials.token ?? '');
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: normaliseBaseUrl(this, String(credentials.baseUrl ?? ''), itemIndex),
		url: request.path,
		body: request.body,
		qs: request.qs,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};

	let response: { statusCode: number; body: unknown };
	try {
		response = await this.helpers.httpRequestWithAuthentication.call(this, 'contactSwingApi', options);
	} catch (error) {
		throw networkError(this, request, error as Error, itemIndex, token);
	}

	if (response.statusCode >= 400) {
		throw apiError(this, response.statusCode, response.body, itemIndex, token);
	}
	return (response.body ?? {}) as IDataObject;
}

const PAGE_SIZE = 100;

/**
 * Reads a paginated list (`data.data` + `data.pagination`) page by page, following `has_next`
 * (or `total_pages` / `total_records` where that is all the endpoint gives), up to `limit` records.
 */
export async function contactSwingRequestAllPages(
	this: Context,
	request: ApiRequest,
	itemIndex = 0,
	limit = Infinity,
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	for (let page = 1; records.length < limit; page++) {
		const response = await contactSwingRequest.call(this, { ...request, qs: { ...request.qs, page, per_page: PAGE_SIZE } }, itemIndex);
		const data = (response.data ?? {}) as { data?: IDataObject[]; pagination?: IDataObject };
		const pageRecords = Array.isArray(data.data) ? data.data : [];
		records.push(...pageRecords);
		if (pageRecords.length === 0 || !hasNextPage(data.pagination, page, records.length)) break;
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

/** Trims, drops trailing slashes and a pasted `/v2...` path, and refuses plain HTTP off loopback. */
export function normaliseBaseUrl(context: Context, raw: string, itemIndex = 0): string {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		throw new NodeOperationError(context.getNode(), `The credential's Base URL "${raw}" is not a valid URL`, {
			itemIndex,
			description: 'Use the ContactSwing API host, for example https://prod-contactswing-fastapi-962560522883.us-central1.run.app',
		});
	}
	const loopback = LOOPBACK_HOSTS.includes(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new NodeOperationError(context.getNode(), `The credential's Base URL must use https:// (got ${url.protocol}//${url.host})`, {
			itemIndex,
			description: 'The JWT is never sent in clear text. Change the Base URL to https://…; plain http:// is only allowed for a local test server on 127.0.0.1 or localhost.',
		});
	}
	const path = url.pathname.replace(/\/+$/, '').replace(/\/v2(\/.*)?$/, '');
	return `${url.protocol}//${url.host}${path}`;
}

/** FastAPI answers `{detail: "text"}` or `{detail: [{loc, msg}]}`; anything else is shown briefly. */
export function describeApiBody(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') return `non-JSON response: ${body.trim().slice(0, 200)}`;
	const { detail, message } = body as { detail?: unknown; message?: unknown };
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail)) {
		return detail
			.map((entry: { loc?: unknown[]; msg?: unknown }) => {
				const location = Array.isArray(entry?.loc) ? entry.loc.filter((part) => part !== 'body').join('.') : '';
				const text = typeof entry?.msg === 'string' ? entry.msg : JSON.stringify(entry);
				return location ? `${location}: ${text}` : text;
			})
			.join('; ');
	}
	if (typeof message === 'string') return message;
	return JSON.stringify(body).slice(0, 200);
}

const STATUS_ADVICE: Record<number, string> = {
	400: 'ContactSwing rejected the request. Check the fields named in the message.',
	401: 'The JWT was missing, invalid or expired. Check or renew the token in the "ContactSwing API" credential.',
	403: 'The JWT is valid but not allowed to do this. Check the token\'s account and permissions.',
	404: 'ContactSwing could not find what was asked for. Check the IDs and the credential\'s Base URL.',
	429: 'ContactSwing rate-limited the request. Lower the number of items per run or wait before retrying.',
};

function apiError(context: Context, status: number, body: unknown, itemIndex: number, token: string) {
	const detail = redact(describeApiBody(body) ?? 'no details in the response', token);
	const advice = STATUS_ADVICE[status] ??
		(status >= 500 ? 'ContactSwing had a server error. The request may or may not have been carried out; check ContactSwing before running the item again.' : undefined);
	return new NodeApiError(context.getNode(), { message: detail, httpCode: String(status) } as JsonObject, {
		itemIndex,
		httpCode: String(status),
		message: `ContactSwing API error ${status}: ${detail} [item ${itemIndex}]`,
		description: advice,
	});
}

function networkError(context: Context, request: ApiRequest, error: Error & { code?: string }, itemIndex: number, token: string) {
	const reason = redact(`${error.code ? `${error.code}: ` : ''}${error.message}`, token);
	const outcome = request.method === 'GET'
		? 'Nothing was changed. Check the network and the credential\'s Base URL, then run it again.'
		: 'The outcome is unknown: ContactSwing may have carried out the request. Check ContactSwing before running this item again, so nothing is created twice.';
	return new NodeApiError(context.getNode(), { message: reason } as JsonObject, {
		itemIndex,
		message: `No response from ContactSwing (${reason}) [item ${itemIndex}]`,
		description: outcome,
	});
}

function redact(text: string, token: string): string {
	return token ? text.split(token).join('***') : text;
}
