import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	NodePropertyTypes,
	NodeParameterValueType,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isObject, setPath } from './objects';
import type { Reader } from './readers';
import {
	asFieldError,
	boolean,
	describe,
	FieldError,
	finiteNumber,
	inRange,
	isoDateTime,
	isUnset,
	jsonObject,
	pathSegment,
	required,
	stringList,
	text,
} from './readers';

/**
 * One node parameter: how the user sees it, where its value goes in the request, and how it is
 * read and validated. A field list is the single home of a channel's or an operation's fields.
 */
export interface Field {
	property: INodeProperties;
	/** Dotted path in the JSON body (`additional_settings.idle_time`), or the query or path parameter's name. */
	apiPath: string;
	read: Reader;
	in?: 'body' | 'query' | 'path';
}

/** What a builder takes: the parameter as n8n shows it, plus where its value goes and how it is read. */
export type FieldSpec = Omit<INodeProperties, 'type' | 'default'> &
	Partial<Pick<INodeProperties, 'default'>> & {
		apiPath: string;
		read?: Reader;
		in?: Field['in'];
	};

/**
 * The one way to make a field: the parameter's type, the editor default and the reader it gets
 * unless told. The editor's checks hold at run time too, for values that come from expressions:
 * a number's range, and a path parameter that cannot change the endpoint.
 */
export function fieldBuilder(type: NodePropertyTypes, defaultValue: NodeParameterValueType, defaultRead: Reader) {
	return ({ apiPath, read = defaultRead, in: location, ...property }: FieldSpec): Field => {
		const { minValue, maxValue } = (property.typeOptions ?? {}) as { minValue?: number; maxValue?: number };
		if (type === 'number' && (minValue !== undefined || maxValue !== undefined))
			read = inRange(read, minValue, maxValue);
		if (location === 'path') read = pathSegment(read);
		return {
			property: { ...property, type, default: property.default ?? defaultValue },
			apiPath,
			read,
			...(location ? { in: location } : {}),
		};
	};
}

export const stringField = fieldBuilder('string', '', text);
export const numberField = fieldBuilder('number', 0, finiteNumber);
export const booleanField = fieldBuilder('boolean', false, boolean);
export const optionsField = fieldBuilder('options', '', text);
/** A list typed as text (comma-separated) or mapped as an array by an expression. */
export const listField = fieldBuilder('string', '', stringList);
/** Several values picked from a dropdown. */
export const multiOptionsField = fieldBuilder('multiOptions', [], stringList);
export const jsonField = fieldBuilder('json', '{}', jsonObject);
export const dateTimeField = fieldBuilder('dateTime', '', isoDateTime);

/** Properties in alphabetical order of their names, as n8n's editor guidelines ask of collections. */
export function sortByName(properties: INodeProperties[]): INodeProperties[] {
	return [...properties].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** Dropdown options from display names to API values, sorted by name as n8n's editor guidelines ask. */
export function choices(valuesByName: Record<string, string>): INodePropertyOptions[] {
	return Object.entries(valuesByName)
		.map(([name, value]) => ({ name, value }))
		.sort(byName);
}

/** Alphabetical order of dropdown options, for lists built with `.map` that n8n's lint cannot check. */
export function byName(a: { name: string }, b: { name: string }): number {
	return a.name.localeCompare(b.name);
}

/**
 * A collection sent as one object. A collection (not a fixedCollection) holds only the settings the
 * user added, so untouched defaults such as a temperature of 0 are never sent.
 */
export function groupField({ fields, ...spec }: FieldSpec & { fields: Field[] }): Field {
	return fieldBuilder(
		'collection',
		{},
		group(fields),
	)({
		placeholder: 'Add Setting',
		...spec,
		options: sortByName(fields.map((field) => field.property)),
	});
}

/** Reads a group of sub-fields (a collection, or one row of a fixedCollection) into an API object, keeping only the set ones. */
export function group(fields: Field[]): Reader {
	return (value) => {
		if (isUnset(value)) return undefined;
		if (typeof value !== 'object' || Array.isArray(value)) {
			throw new FieldError(
				`must be a group of settings, but it is ${describe(value)}`,
				'Add the settings with the button, one value per field.',
			);
		}
		const values = value as IDataObject;
		const result: IDataObject = {};
		for (const field of fields) {
			const read = readWithLabel(field, values[field.property.name]);
			if (read !== undefined) setPath(result, field.apiPath, read);
		}
		return Object.keys(result).length ? result : undefined;
	};
}

/** Rows of a multi-value fixedCollection (`{ row: [{…}, {…}] }`) or an array from an expression. */
export function rows(fields: Field[]): Reader {
	const readRow = group(fields);
	return (value) => {
		if (isUnset(value)) return undefined;
		const list = Array.isArray(value) ? value : Object.values(value as IDataObject).flat();
		const result = (list as unknown[]).map(readRow).filter((row) => row !== undefined);
		return result.length ? result : undefined;
	};
}

/**
 * A list of rows the user adds one by one (customers, FAQs, API keys, booking days): a multi-value
 * fixedCollection whose rows are read with `fields`, then shaped by `toApi`.
 */
export function rowsField(spec: {
	displayName: string;
	name: string;
	row: { displayName: string; name: string };
	placeholder: string;
	description: string;
	apiPath: string;
	fields: Field[];
	toApi?: (rows: IDataObject[]) => unknown;
	required?: boolean;
	extra?: Partial<INodeProperties>;
}): Field {
	const readRows = rows(spec.fields);
	const read: Reader = (value) => {
		const list = readRows(value) as IDataObject[] | undefined;
		return list && spec.toApi ? spec.toApi(list) : list;
	};
	return {
		property: {
			displayName: spec.displayName,
			name: spec.name,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			default: {},
			placeholder: spec.placeholder,
			description: spec.description,
			options: [{ ...spec.row, values: spec.fields.map((field) => field.property) }],
			...spec.extra,
		},
		apiPath: spec.apiPath,
		read: spec.required ? required(read) : read,
	};
}

function readWithLabel(field: Field, raw: unknown): unknown {
	let reason: FieldError;
	try {
		return field.read(raw);
	} catch (error) {
		reason = asFieldError(error);
	}
	throw new FieldError(`→ "${field.property.displayName}" ${reason.message}`, reason.fix);
}

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
	const read = () => context.getNodeParameter(name, itemIndex, fallback as object);
	if (hasExpression(execution.raw[name])) return read();
	if (!execution.values.has(name)) execution.values.set(name, read());
	return execution.values.get(name);
}

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (isObject(value)) return Object.values(value).some(hasExpression);
	return false;
}

export interface ApiRequestParts {
	body: IDataObject;
	qs: IDataObject;
	path: IDataObject;
}

/**
 * Reads every field of one item, top level first, then the optional fields' collection, and
 * builds the body and query. All fields are validated before anything is sent; unset ones are
 * left out.
 */
export function readFields(
	context: IExecuteFunctions,
	itemIndex: number,
	topLevel: Field[],
	additional: Field[] = [],
	collectionName = 'additionalFields',
): ApiRequestParts {
	const collection = additional.length ? (itemParameter(context, collectionName, itemIndex, {}) as IDataObject) : {};
	const parts: ApiRequestParts = { body: {}, qs: {}, path: {} };
	const sources: Array<[Field, unknown]> = [
		...topLevel.map((field): [Field, unknown] => [field, itemParameter(context, field.property.name, itemIndex, null)]),
		...additional.map((field): [Field, unknown] => [field, collection[field.property.name]]),
	];
	for (const [field, raw] of sources) {
		const value = readField(context, itemIndex, field, raw);
		if (value !== undefined)
			setPath(parts[field.in === 'query' ? 'qs' : field.in === 'path' ? 'path' : 'body'], field.apiPath, value);
	}
	return parts;
}

/** One field's value, read and validated; a value it refuses becomes an error naming the field and the fix. */
export function readField(context: IExecuteFunctions, itemIndex: number, field: Field, raw: unknown): unknown {
	try {
		return field.read(raw);
	} catch (error) {
		const reason = asFieldError(error);
		throw new NodeOperationError(context.getNode(), `"${field.property.displayName}" ${reason.message}`, {
			itemIndex,
			description: reason.fix,
		});
	}
}
