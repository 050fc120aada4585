import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { contactSwingRequest } from '../transport';
import { contactSwingRequestAllPages } from '../transport/pagination';
import type { Session } from '../transport/policy';
import type { ApiRequest } from '../transport';
import type { Operation } from './types';
import type { Field } from '../helpers/fields';
import { itemParameter, jsonField, numberField, readField, readFields, sortByName } from '../helpers/fields';
import { deepMerge, isObject } from '../helpers/objects';
import { positiveInteger, required } from '../helpers/readers';

/** When a field shows: the resource, the operation and any variant parameter (channel, type…). */
type Show = { resource: string[]; operation: string[] } & Record<string, string[]>;

const ADDITIONAL_FIELDS = { name: 'additionalFields', displayName: 'Additional Fields' };

/** The escape hatch: fields the node does not model yet, deep-merged into the body last, so their keys win. */
export const extraBody: Field = jsonField({
	displayName: 'Extra Body (JSON)',
	name: 'extraBody',
	description:
		'A JSON object deep-merged into the request body after all other fields, so its keys win. For API fields this node does not offer yet.',
	apiPath: 'extraBody',
});

/**
 * The one way a property is attached to its resource and operation (as n8n's own
 * `updateDisplayOptions` does): `show` is merged into any narrower condition it already has.
 */
export function showOnlyFor(show: Show, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, ...show } },
	}));
}

/** Required fields at the top level. */
export function requiredProperties(fields: Field[]): INodeProperties[] {
	return fields.map(({ property }) => ({ ...property, required: true }));
}

/** The optional fields in one collection, sorted by name, with the Extra Body that `readRequest` reads. */
export function optionalCollection(fields: Field[], collection = ADDITIONAL_FIELDS): INodeProperties {
	return {
		displayName: collection.displayName,
		name: collection.name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: sortByName([...fields, extraBody].map(({ property }) => property)),
	};
}

/** Shows fields for one resource + operation: required ones at the top level, the rest in a collection. */
export function fieldProperties(
	show: Show,
	required: Field[],
	optional: Field[],
	collection = ADDITIONAL_FIELDS,
): INodeProperties[] {
	return showOnlyFor(show, [...requiredProperties(required), optionalCollection(optional, collection)]);
}

export interface PreparedRequest {
	request: ApiRequest;
}

/** Reads the fields and the Extra Body (merged last) into a body, a query and path parameters. */
export function readRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	required: Field[],
	optional: Field[],
	collectionName = ADDITIONAL_FIELDS.name,
): { body: IDataObject; qs: IDataObject; path: IDataObject } {
	const { body, qs, path } = readFields(context, itemIndex, required, [...optional, extraBody], collectionName);
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
export function nothingToUpdate(context: IExecuteFunctions, itemIndex: number, collection: string) {
	return new NodeOperationError(context.getNode(), `Nothing to update: add at least one of the ${collection}`, {
		itemIndex,
		description: `Add the fields to change under "${collection}".`,
	});
}

/** Sends a prepared request and returns the answer's data: the `run` of every single-request operation. */
export async function send(
	this: IExecuteFunctions,
	{ request }: PreparedRequest,
	itemIndex: number,
	session: Session,
): Promise<IDataObject> {
	return unwrap(await contactSwingRequest.call(this, request, itemIndex, session));
}

/** `{ctx_id, data: {...}}` → the data's fields at the top level, plus ctx_id. */
export function unwrap(response: IDataObject): IDataObject {
	const data = response.data;
	if (isObject(data)) return { ...data, ctx_id: response.ctx_id };
	return response;
}

/**
 * An operation that sends one request built from fields: a create or an update.
 * `path` may depend on the item (an ID in the path).
 */
export function fieldOperation(spec: {
	show: Show;
	method: IHttpRequestMethods;
	/** The path, with `{name}` for path fields (`in: 'path'`). */
	path: string;
	required: Field[];
	optional: Field[];
	collection?: { name: string; displayName: string };
	/** For updates: refuse to send a request that changes nothing. */
	requireOneOptional?: boolean;
	emptyResponseOk?: boolean;
}): Operation<PreparedRequest> & { description: INodeProperties[] } {
	const collection = spec.collection ?? ADDITIONAL_FIELDS;
	return {
		description: fieldProperties(spec.show, spec.required, spec.optional, collection),
		prepare(itemIndex) {
			const { body, qs, path } = readRequest(this, itemIndex, spec.required, spec.optional, collection.name);
			if (spec.requireOneOptional && Object.keys(body).length === 0) {
				throw nothingToUpdate(this, itemIndex, collection.displayName);
			}
			return {
				request: {
					method: spec.method,
					path: fillPath(spec.path, path),
					body,
					qs,
					emptyResponseOk: spec.emptyResponseOk,
				},
			};
		},
		run: send,
	};
}

/**
 * A paginated list: Return All follows the pagination; otherwise Limit (default 50) records.
 * Simplify keeps the fields most workflows need.
 */
export function listOperation(spec: {
	show: Show;
	path: string;
	noun: string;
	simplify: (record: IDataObject) => IDataObject;
	simplifiedFields: string;
}): Operation<{ limit: number; simplify: boolean }> & { description: INodeProperties[] } {
	const limitField: Field = numberField({
		displayName: 'Limit',
		name: 'limit',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
		apiPath: 'limit',
		read: required(positiveInteger),
	});
	return {
		description: showOnlyFor(spec.show, [
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
			},
			limitField.property,
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: `Whether to return a simplified version of each ${spec.noun} (${spec.simplifiedFields}) instead of the raw data`,
			},
		]),
		prepare(itemIndex) {
			const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
			return {
				limit: returnAll
					? Infinity
					: (readField(this, itemIndex, limitField, itemParameter(this, 'limit', itemIndex, 50)) as number),
				simplify: itemParameter(this, 'simplify', itemIndex, true) as boolean,
			};
		},
		async run({ limit, simplify }, itemIndex, session) {
			const records = await contactSwingRequestAllPages.call(
				this,
				{ method: 'GET', path: spec.path },
				itemIndex,
				limit,
				session,
			);
			return simplify ? records.map(spec.simplify) : records;
		},
	};
}
