import type { ApiRequest, FileContent } from './types';

/**
 * multipart/form-data built by hand, with no runtime dependency (nor node:stream, which n8n Cloud
 * refuses in community nodes): one Buffer of the body's exact size, each file read straight into it,
 * so a file is held once while it is sent, and the same bytes go again after a 429.
 */
export async function encodeMultipart({ fields, files }: NonNullable<ApiRequest['multipart']>) {
	const boundary = `----ContactSwingN8n${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
	const parts: Array<Buffer | FileContent> = [];
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
			file.content,
			Buffer.from('\r\n'),
		);
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	// At most this size: a file's base64 with line breaks in it decodes to fewer bytes than its length says.
	const body = Buffer.alloc(
		parts.reduce((total, part) => total + (Buffer.isBuffer(part) ? part.length : part.size), 0),
	);
	let at = 0;
	for (const part of parts) {
		if (Buffer.isBuffer(part)) at += part.copy(body, at);
		else if ('base64' in part) at += body.write(part.base64, at, part.size, 'base64');
		else {
			const end = at + part.size;
			for await (const chunk of part.read()) {
				// n8n's binary data store gave more than its metadata said: nothing is sent.
				if (at + chunk.length > end)
					throw new Error('A file grew while it was read for the upload. Run the item again.');
				at += chunk.copy(body, at);
			}
		}
	}
	return { body: body.subarray(0, at), contentType: `multipart/form-data; boundary=${boundary}` };
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
