import type {
	IDataObject,
	INodeProperties,
	INodePropertyOptions,
	NodePropertyTypes,
	NodeParameterValueType,
} from 'n8n-workflow';

import { setPath } from './objects';
import type { Parser } from './parsers';
import {
	asFieldError,
	boolean,
	describe,
	FieldError,
	finiteNumber,
	inRange,
	isUnset,
	jsonObject,
	pathSegment,
	required,
	stringList,
	text,
} from './parsers';
import { isoDateTime } from './formats';

/**
 * One node parameter: how the user sees it, where its value goes in the request, and how its raw
 * value is parsed into the API value. A field list is the single home of a channel's or an
 * operation's fields.
 */
export interface Field {
	property: INodeProperties;
	/** Dotted path in the JSON body (`additional_settings.idle_time`), or the query or path parameter's name. */
	apiPath: string;
	/** The raw parameter value → the API value (`undefined`: left out), or a FieldError. */
	parse: Parser;
	in?: 'body' | 'query' | 'path';
}

/** What a builder takes: the parameter as n8n shows it, plus where its value goes and how it is parsed. */
export type FieldSpec = Omit<INodeProperties, 'type' | 'default'> &
	Partial<Pick<INodeProperties, 'default'>> & {
		apiPath: string;
		parse?: Parser;
		in?: Field['in'];
	};

/**
 * The one way to make a field: the parameter's type, the editor default and the parser it gets
 * unless told. The editor's checks hold at run time too, for values that come from expressions:
 * a number's range, and a path parameter that cannot change the endpoint.
 */
export function fieldBuilder(type: NodePropertyTypes, defaultValue: NodeParameterValueType, defaultParse: Parser) {
	return ({ apiPath, parse = defaultParse, in: location, ...property }: FieldSpec): Field => {
		const { minValue, maxValue } = (property.typeOptions ?? {}) as { minValue?: number; maxValue?: number };
		if (type === 'number' && (minValue !== undefined || maxValue !== undefined))
			parse = inRange(parse, minValue, maxValue);
		if (location === 'path') parse = pathSegment(parse);
		return {
			property: { ...property, type, default: property.default ?? defaultValue },
			apiPath,
			parse,
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
		placeholder: 'Add setting',
		...spec,
		options: sortByName(fields.map((field) => field.property)),
	});
}

/** Reads a group of sub-fields (a collection, or one row of a fixedCollection) into an API object, keeping only the set ones. */
export function group(fields: Field[]): Parser {
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
			const value = memberValue(field, values[field.property.name]);
			if (value !== undefined) setPath(result, field.apiPath, value);
		}
		return Object.keys(result).length ? result : undefined;
	};
}

/** Rows of a multi-value fixedCollection (`{ row: [{…}, {…}] }`) or an array from an expression. */
export function rows(fields: Field[]): Parser {
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
 * fixedCollection whose rows are read with `fields`, then shaped by `shape`.
 */
export function rowsField(spec: {
	displayName: string;
	name: string;
	row: { displayName: string; name: string };
	placeholder: string;
	description: string;
	apiPath: string;
	fields: Field[];
	shape?: (rows: IDataObject[]) => unknown;
	required?: boolean;
	extra?: Partial<INodeProperties>;
}): Field {
	const readRows = rows(spec.fields);
	const parse: Parser = (value) => {
		const list = readRows(value) as IDataObject[] | undefined;
		return list && spec.shape ? spec.shape(list) : list;
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
		parse: spec.required ? required(parse) : parse,
	};
}

/** A group member's value; a refusal names the member, and `fieldValue` adds the group. */
function memberValue(field: Field, raw: unknown): unknown {
	let reason: FieldError;
	try {
		return field.parse(raw);
	} catch (error) {
		reason = asFieldError(error);
	}
	throw new FieldError(`→ "${field.property.displayName}" ${reason.message}`, reason.fix);
}
