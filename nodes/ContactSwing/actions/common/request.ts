import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ADDITIONAL_FIELDS, extraBody } from './properties';
import { contactSwingRequest } from '../../transport';
import type { Execution } from '../../transport/execution';
import type { ApiRequest } from '../../transport/types';
import type { Field } from '../../helpers/fields';
import { collectFields, itemParameter } from '../../helpers/fieldValues';
import { deepMerge, isObject } from '../../helpers/objects';

export interface PreparedRequest {
	request: ApiRequest;
}

/** Reads the fields and the Extra Body (merged last) into a body, a query and path parameters. */
export function requestFromFields(
	context: IExecuteFunctions,
	itemIndex: number,
	required: Field[],
	optional: Field[],
	collectionName = ADDITIONAL_FIELDS.name,
	onTop: Field[] = [],
): { body: IDataObject; qs: IDataObject; path: IDataObject } {
	const { body, qs, path } = collectFields(
		context,
		itemIndex,
		required,
		[...optional, extraBody],
		collectionName,
		onTop,
	);
	const { extraBody: extra, ...fields } = body;
	return { body: deepMerge(fields, (extra as IDataObject | undefined) ?? {}), qs, path };
}

/** `/v2/_customers/{customer_id}` with the validated, URL-encoded path values. */
export function fillPath(template: string, values: IDataObject): string {
	return template.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(String(values[name])));
}

/**
 * The variant an item asks for (a channel, an action type, a touchpoint channel), read from the
 * parameter `name`; a value the node does not know, typed by expression, gets a named error
 * that lists the known ones.
 */
export function pickVariant<Variant>(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: { name: string; displayName: string; noun: string },
	variants: Record<string, Variant>,
): { value: string; variant: Variant } {
	const value = itemParameter(context, parameter.name, itemIndex);
	if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(variants, value))
		return { value, variant: variants[value] };
	throw new NodeOperationError(
		context.getNode(),
		`"${parameter.displayName}" ${JSON.stringify(value)} is not ${parameter.noun} this node knows`,
		{
			itemIndex,
			description: `Use one of: ${Object.keys(variants).join(', ')}`,
		},
	);
}

/** An update that would change nothing is refused before it is sent, in the same words everywhere. */
/** `onTop`: a field shown above the collection that is also a change (Knowledge Base's files). */
export function nothingToUpdate(context: IExecuteFunctions, itemIndex: number, collection: string, onTop?: string) {
	const either = onTop ? `name an "${onTop}" or ` : '';
	return new NodeOperationError(
		context.getNode(),
		`Nothing to update: ${either}add at least one of the ${collection}`,
		{
			itemIndex,
			description: `${onTop ? `Name the files to upload in "${onTop}", or add` : 'Add'} the fields to change under "${collection}".`,
		},
	);
}

/** Sends a prepared request and returns the answer's data: the `run` of every single-request operation. */
export async function send(
	this: IExecuteFunctions,
	{ request }: PreparedRequest,
	itemIndex: number,
	execution: Execution,
): Promise<IDataObject> {
	return unwrap(await contactSwingRequest.call(this, request, itemIndex, execution));
}

/** `{ctx_id, data: {...}}` → the data's fields at the top level, plus ctx_id. */
export function unwrap(response: IDataObject): IDataObject {
	const data = response.data;
	if (isObject(data)) return { ...data, ctx_id: response.ctx_id };
	return response;
}
