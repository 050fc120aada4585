import type { ApiRequest } from './types';

/**
 * multipart/form-data built by hand: no runtime dependency, and the body is a Buffer, so the exact
 * bytes are known (and could be sent again, though a PUT is never retried here).
 */
export function encodeMultipart({ fields, files }: NonNullable<ApiRequest['multipart']>) {
	const boundary = `----ContactSwingN8n${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const quote = (text: string) => text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
	const parts: Buffer[] = [];
	for (const [name, value] of fields) {
		parts.push(
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`),
		);
	}
	for (const file of files) {
		parts.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.fileName)}"\r\nContent-Type: ${mimeType(file.mimeType)}\r\n\r\n`,
			),
			file.data,
			Buffer.from('\r\n'),
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A media type as `type/subtype[; parameters]`, on one line; anything else is sent as plain bytes. */
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+([ \t]*;[ \t]*[\w!#$&^.+-]+=("[^"\r\n]*"|[\w!#$&^.+-]+))*$/;

function mimeType(value: string): string {
	return MEDIA_TYPE.test(value) ? value : 'application/octet-stream';
}
