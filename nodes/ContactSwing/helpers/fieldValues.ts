/**
 * From one item's parameters to the parts of its request: each parameter read as n8n gives it
 * (once per execution when it holds no expression), each field's value parsed and put where it
 * goes.
 */
import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Field } from './fields';
import { isObject, setPath } from './objects';
import { asFieldError, isUnset } from './parsers';

/**
 * A parameter without an expression has the same value for every item, so it is read once per
 * execution: n8n's getNodeParameter looks each one up in the node description, and with thousands
 * of items that lookup, not the request, is the node's own cost.
 */
const executionParameters = new WeakMap<IExecuteFunctions, { raw: INodeParameters; values: Map<string, unknown> }>();

/** One parameter of one item, as `getNodeParameter` gives it. */
export function itemParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: unknown,
): unknown {
	let execution = executionParameters.get(context);
	if (!execution) {
		execution = { raw: context.getNode().parameters, values: new Map() };
		executionParameters.set(context, execution);
	}
	const get = () => context.getNodeParameter(name, itemIndex, fallback as object);
	if (hasExpression(execution.raw[name])) return get();
	if (!execution.values.has(name)) execution.values.set(name, get());
	return execution.values.get(name);
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (isObject(value)) return Object.values(value).some(hasExpression);
	return false;
}

interface ApiRequestParts {
	body: IDataObject;
	qs: IDataObject;
	path: IDataObject;
}

/**
 * Every field's value for one item, top level first, then the optional fields' collection, put
 * where it goes: the body, the query or the path. A field `onTop` is read at the top level, or
 * in the collection where version 1 of the node kept it. All fields are checked before anything
 * is sent; unset ones are left out.
 */
export function collectFields(
	context: IExecuteFunctions,
	itemIndex: number,
	topLevel: Field[],
	additional: Field[] = [],
	collectionName = 'additionalFields',
	onTop: Field[] = [],
): ApiRequestParts {
	const hasCollection = additional.length || onTop.length;
	const collection = hasCollection ? (itemParameter(context, collectionName, itemIndex, {}) as IDataObject) : {};
	const top = (field: Field) => itemParameter(context, field.property.name, itemIndex, null);
	const parts: ApiRequestParts = { body: {}, qs: {}, path: {} };
	const sources: Array<[Field, unknown]> = [
		...topLevel.map((field): [Field, unknown] => [field, top(field)]),
		...onTop.map((field): [Field, unknown] => {
			const value = top(field);
			return [field, isUnset(value) ? collection[field.property.name] : value];
		}),
		...additional.map((field): [Field, unknown] => [field, collection[field.property.name]]),
	];
	for (const [field, raw] of sources) {
		const value = fieldValue(context, itemIndex, field, raw);
		if (value !== undefined)
			setPath(parts[field.in === 'query' ? 'qs' : field.in === 'path' ? 'path' : 'body'], field.apiPath, value);
	}
	return parts;
}

/** One field's value, parsed and checked; a value it refuses becomes an error naming the field and the fix. */
export function fieldValue(context: IExecuteFunctions, itemIndex: number, field: Field, raw: unknown): unknown {
	try {
		return field.parse(raw);
	} catch (error) {
		const reason = asFieldError(error);
		throw new NodeOperationError(context.getNode(), `"${field.property.displayName}" ${reason.message}`, {
			itemIndex,
			description: reason.fix,
		});
	}
}
