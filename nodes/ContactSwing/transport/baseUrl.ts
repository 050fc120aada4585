/**
 * The credential's Base URL rules, in one place: the node applies them before it sends anything,
 * and so does the credential's Test (the node's `testedBy`). So a URL the node refuses is refused
 * by the Test too, with the same words.
 */

import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'https://prod-contactswing-fastapi-962560522883.us-central1.run.app';

/** Plain http is allowed only to these hosts: a test server on this machine. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** A Base URL that cannot be used; `description` says how to fix it. */
export class BaseUrlError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'BaseUrlError';
	}
}

/** The last Base URL read and what it became: the transport reads it for every request. */
let lastRead: { raw: string; url: string } | undefined;

/** Trims, drops trailing slashes and a pasted `/v2…` path, and refuses plain http off this machine. */
export function contactSwingBaseUrl(raw: unknown): string {
	if (typeof raw === 'string' && lastRead?.raw === raw) return lastRead.url;
	const text = typeof raw === 'string' ? raw.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !['https:', 'http:'].includes(url.protocol)) {
		throw new BaseUrlError(
			`The credential's Base URL "${text}" is not a valid web address`,
			`Use the ContactSwing API host, for example ${DEFAULT_BASE_URL}`,
		);
	}
	if (url.protocol !== 'https:' && !LOOPBACK_HOSTS.includes(url.hostname)) {
		throw new BaseUrlError(
			`The credential's Base URL must use https:// (got http://${url.host})`,
			'The JWT is never sent in clear text. Change the Base URL to https://…; plain http:// is only allowed for a local test server on 127.0.0.1, localhost or [::1].',
		);
	}
	const path = url.pathname.replace(/\/+$/, '').replace(/\/v2(\/.*)?$/, '');
	const result = `${url.protocol}//${url.host}${path}`;
	if (typeof raw === 'string') lastRead = { raw, url: result };
	return result;
}

/** The same rules where the node sends: a refusal becomes the item's error, before anything is sent. */
export function normaliseBaseUrl(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	raw: unknown,
	itemIndex = 0,
): string {
	try {
		return contactSwingBaseUrl(raw);
	} catch (error) {
		const { message, description } = error as BaseUrlError;
		throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
	}
}
