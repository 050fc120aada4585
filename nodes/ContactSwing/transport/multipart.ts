import type { ApiRequest } from './types';

/**
 * multipart/form-data built by hand: no runtime dependency, and the body is a Buffer, so the exact
 * bytes are known (and could be sent again, though a PUT is never retried here).
 */
export function encodeMultipart({ fields, files }: NonNullable<ApiRequest['multipart']>) {
	const boundary = `----ContactSwingN8n${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
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

type File = NonNullable<ApiRequest['multipart']>['files'][number];

/** A file's part as the form carries it: its field and file name quoted, its media type checked (what a Dry Run shows). */
export function filePart({ field, fileName, mimeType: type }: File) {
	return { field: quote(field), fileName: quote(fileName), mimeType: mimeType(type) };
}

/** A name inside the part's quoted header: a quote or a line break would end it. */
function quote(text: string): string {
	return text.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
}

/** A media type as `type/subtype[; parameters]`, on one line; anything else is sent as plain bytes. */
const MEDIA_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+([ \t]*;[ \t]*[\w!#$&^.+-]+=("[^"\r\n]*"|[\w!#$&^.+-]+))*$/;

function mimeType(value: string): string {
	return MEDIA_TYPE.test(value) ? value : 'application/octet-stream';
}
