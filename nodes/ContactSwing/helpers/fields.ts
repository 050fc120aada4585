import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Turns a raw parameter value into the API value; `undefined` = unset (left out of the request). */
export type Reader = (value: unknown) => unknown;

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

/** A value the user gave that cannot be sent; the caller adds the field's name and the item. */
export class FieldError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
	}
}

export function isUnset(value: unknown): boolean {
	return (
		value === undefined ||
		value === null ||
		(typeof value === 'string' && value.trim() === '') ||
		(Array.isArray(value) && value.length === 0)
	);
}

export function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	const shown = String(value);
	return `${typeof value} "${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}"`;
}

/** A plain text parameter, the most common kind of field. */
export function stringField(
	displayName: string,
	name: string,
	apiPath: string,
	description: string,
	read: Reader = text,
	extra: Partial<INodeProperties> = {},
): Field {
	return {
		property: { displayName, name, type: 'string', default: '', description, ...extra } as INodeProperties,
		apiPath,
		read,
	};
}

export function text(value: unknown): string | undefined {
	if (isUnset(value)) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new FieldError(
		`must be text, but it is ${describe(value)}`,
		'Map a text value here, for example {{ $json.company }}, not a whole object or list.',
	);
}

/** A whole number from `min` up (to `max`); numbers typed as text by an expression are accepted. */
function wholeNumber(min: number, max = Infinity): Reader {
	const range = max === Infinity ? `of ${min} or more` : `from ${min} to ${max}`;
	return (value) => {
		if (isUnset(value)) return undefined;
		const number = typeof value === 'string' ? Number(value.trim()) : value;
		if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
			throw new FieldError(
				`must be a whole number ${range}, but it is ${describe(value)}`,
				`Enter a whole number ${range}, or remove the field.`,
			);
		}
		return number;
	};
}

export const positiveInteger = wholeNumber(1) as (value: unknown) => number | undefined;
export const nonNegativeInteger = wholeNumber(0) as (value: unknown) => number | undefined;
export const integerBetween = (min: number, max: number) => wholeNumber(min, max);

export function finiteNumber(value: unknown): number | undefined {
	if (isUnset(value)) return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new FieldError(`must be a number, but it is ${describe(value)}`, 'Enter a number such as 0.7.');
	}
	return number;
}

export function boolean(value: unknown): boolean | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new FieldError(
		`must be true or false, but it is ${describe(value)}`,
		'Use the toggle, or an expression that returns true or false.',
	);
}

/** A list of strings: an array, or a comma-separated string from an expression. */
export function stringList(value: unknown): string[] | undefined {
	if (isUnset(value)) return undefined;
	const elements = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(elements) || elements.some((e) => typeof e !== 'string' && typeof e !== 'number')) {
		throw new FieldError(
			`must be a list of IDs, but it is ${describe(value)}`,
			'Use an array such as ["id1", "id2"] or a comma-separated string such as "id1, id2".',
		);
	}
	const ids = elements.map((e) => String(e).trim()).filter((e) => e !== '');
	return ids.length ? ids : undefined;
}

/** A phone number in E.164 (`+13465842882`); spaces, dashes, dots and brackets are removed first. */
export function e164(value: unknown): string | undefined {
	const raw = text(value)?.trim();
	if (raw === undefined) return undefined;
	const number = raw.replace(/[\s().-]/g, '');
	if (!/^\+[1-9]\d{6,14}$/.test(number)) {
		throw new FieldError(
			`must be a phone number in E.164 format, but it is "${raw.slice(0, 40)}"`,
			'Write the number with a plus and the country code, for example +13465842882.',
		);
	}
	return number;
}

/** A date and time in ISO 8601 (`2026-12-31T23:59:59Z`), as n8n's date picker or an expression gives it. */
export function isoDateTime(value: unknown): string | undefined {
	const raw = text(value)?.trim();
	if (raw === undefined) return undefined;
	if (
		!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ||
		Number.isNaN(Date.parse(raw))
	) {
		throw new FieldError(
			`must be a date and time in ISO 8601, but it is "${raw.slice(0, 40)}"`,
			'Pick a date, or use an expression such as {{ $now.plus(1, "day").toISO() }}.',
		);
	}
	return raw;
}

/** An IANA time zone such as `America/New_York`, checked against the runtime's time-zone database. */
export function timeZone(value: unknown): string | undefined {
	const zone = text(value)?.trim();
	if (zone === undefined) return undefined;
	let valid = true;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		valid = false;
	}
	if (!valid || (!zone.includes('/') && zone !== 'UTC')) {
		throw new FieldError(
			`must be an IANA time zone, but it is "${zone.slice(0, 40)}"`,
			'Use a name such as America/New_York, Europe/Berlin or Africa/Algiers.',
		);
	}
	return zone;
}

/** A time of day as `HH:MM` (24 hours). */
export function timeOfDay(value: unknown): string | undefined {
	const time = text(value)?.trim();
	if (time === undefined) return undefined;
	if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) {
		throw new FieldError(
			`must be a time as HH:MM (24 hours), but it is "${time.slice(0, 20)}"`,
			'Write times such as 09:00 or 17:30.',
		);
	}
	return time;
}

export function emailAddress(value: unknown): string | undefined {
	const address = text(value)?.trim();
	if (address === undefined) return undefined;
	if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
		throw new FieldError(
			`must be an email address, but it is "${address.slice(0, 40)}"`,
			'Write an address such as ada@example.com.',
		);
	}
	return address;
}

/** A phone number written as digits with its country code, as the WhatsApp pages show them (no +). */
export function digitsPhoneNumber(value: unknown): string | undefined {
	const raw = text(value)?.trim();
	if (raw === undefined) return undefined;
	const digits = raw.replace(/[\s().-]/g, '').replace(/^\+/, '');
	if (!/^\d{6,15}$/.test(digits)) {
		throw new FieldError(
			`must be a phone number of digits, but it is "${raw.slice(0, 40)}"`,
			'Write the number with its country code and no plus, for example 12817126508.',
		);
	}
	return digits;
}

/** A list of E.164 phone numbers: an array, or a comma-separated string. */
export function e164List(value: unknown): string[] | undefined {
	return stringList(value)?.map((number) => e164(number) as string);
}

/** JSON typed into a field is parsed; a value from an expression is taken as it is. */
function parseJson(value: unknown, example: string): unknown {
	if (typeof value !== 'string') return value;
	let syntaxError = '';
	try {
		return JSON.parse(value);
	} catch (error) {
		syntaxError = (error as Error).message;
	}
	throw new FieldError(`is not valid JSON (${syntaxError})`, `Enter ${example}.`);
}

/** A JSON array (such as a list of objects), from an expression or typed as JSON. */
export function jsonArray(value: unknown): unknown[] | undefined {
	if (isUnset(value) || value === '[]') return undefined;
	const example = 'a JSON list such as [{"key": "value"}]';
	const parsed = parseJson(value, example);
	if (!Array.isArray(parsed))
		throw new FieldError(`must be a JSON list, but it is ${describe(parsed)}`, `Enter ${example}.`);
	return parsed.length ? parsed : undefined;
}

/** A JSON object: an object from an expression, or JSON text typed into the field. */
export function jsonObject(value: unknown): IDataObject | undefined {
	if (isUnset(value)) return undefined;
	const parsed = parseJson(value, 'a JSON object such as {"field": "value"}');
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new FieldError(
			`must be a JSON object, but it is ${describe(parsed)}`,
			'Enter a JSON object such as {"field": "value"}, not a list or a single value.',
		);
	}
	return Object.keys(parsed).length ? (parsed as IDataObject) : undefined;
}

export function required(read: Reader): Reader {
	return (value) => {
		const result = read(value);
		if (result === undefined) {
			throw new FieldError(
				'is required but empty',
				'Enter a value, or check that the expression returns one for this item.',
			);
		}
		return result;
	};
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

/** Sets `value` at a dotted path such as `additional_settings.idle_time`, creating objects on the way. */
export function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		node[key] = (node[key] as IDataObject | undefined) ?? {};
		node = node[key] as IDataObject;
	}
	const last = keys[keys.length - 1];
	const existing = node[last];
	node[last] = (
		isObject(existing) && isObject(value) ? deepMerge(existing, value) : value
	) as IDataObject[keyof IDataObject];
}

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `source` into `target` (a fresh object): objects merge key by key, anything else replaces. */
export function deepMerge(target: IDataObject, source: IDataObject): IDataObject {
	const merged: IDataObject = { ...target };
	for (const [key, value] of Object.entries(source)) {
		const current = merged[key];
		merged[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
	}
	return merged;
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
	const collection = additional.length ? (context.getNodeParameter(collectionName, itemIndex, {}) as IDataObject) : {};
	const parts: ApiRequestParts = { body: {}, qs: {}, path: {} };
	const sources: Array<[Field, unknown]> = [
		...topLevel.map((field): [Field, unknown] => [
			field,
			context.getNodeParameter(field.property.name, itemIndex, null),
		]),
		...additional.map((field): [Field, unknown] => [field, collection[field.property.name]]),
	];
	for (const [field, raw] of sources) {
		const value = readField(context, itemIndex, field, raw);
		if (value !== undefined)
			setPath(parts[field.in === 'query' ? 'qs' : field.in === 'path' ? 'path' : 'body'], field.apiPath, value);
	}
	return parts;
}

function asFieldError(error: unknown): FieldError {
	return error instanceof FieldError ? error : new FieldError('is invalid', (error as Error).message);
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
