import type { IDataObject } from 'n8n-workflow';

import { filePart } from './multipart';
import type { TokenMask } from './redact';
import type { ApiRequest } from './types';
import { isObject } from '../helpers/objects';

/**
 * What a Dry Run outputs in place of ContactSwing's answer: the request the node would have sent,
 * under `request`, and `dry_run: true`. Nothing of an answer (no `assistant_id`, no `ctx_id`) is at
 * the top level, so a later node that reads one finds nothing rather than a made-up record. The
 * token is not part of a request, and the files of an upload are described, not copied.
 */
export function dryRunOutput({ method, path, qs, body, multipart }: ApiRequest, mask: TokenMask): IDataObject {
	// The query as its text in the URL (`force=false`), as ContactSwing would read it.
	const query = Object.fromEntries(Object.entries(qs ?? {}).map(([name, value]) => [name, String(value)]));
	const request: IDataObject = { method, path, query };
	if (multipart) {
		request.form = formFields(multipart.fields);
		request.files = multipart.files.map((file) => {
			const { field, fileName, mimeType } = filePart(file);
			return { field, file_name: fileName, mime_type: mimeType, size: file.content.size };
		});
	} else {
		request.body = body ?? {};
	}
	// A token typed into a field (Extra Body, say) is masked as in every answer the node shows.
	const masked = mask.maskedValue({ dry_run: true, request });
	return isObject(masked) ? masked : { dry_run: true, request: 'not shown: it could not be masked' };
}

/** Form fields as an object: a list field (`urls[]`, sent once per entry) as the list of its texts, any other as its text. */
function formFields(fields: Array<[string, string]>): IDataObject {
	const form: Record<string, string | string[]> = {};
	for (const [name, value] of fields) {
		if (name.endsWith('[]')) form[name] = [...((form[name] as string[] | undefined) ?? []), value];
		else form[name] = value;
	}
	return form;
}
