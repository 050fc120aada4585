import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * One node parameter and where its value goes in the request body.
 * `read` turns the raw parameter value into the API value, returns `undefined` when the user
 * left it unset (so it is left out of the body), and throws a `FieldError` when it is invalid.
 */
export interface BodyField {
	parameter: string;
	apiPath: string;
	label: string;
	read: (value: unknown) => unknown;
}

/** A value the user typed that cannot be sent; the caller adds the field and the item. */
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

export function text(value: unknown): string | undefined {
	if (isUnset(value)) return undefined;
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	throw new FieldError(
		`must be text, but it is ${describe(value)}`,
		'Map a text value here, for example {{ $json.company }}, not a whole object or list.',
	);
}

export function positiveInteger(value: unknown): number | undefined {
	if (isUnset(value)) return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
		throw new FieldError(
			`must be a whole number of 1 or more, but it is ${describe(value)}`,
			'Enter a positive whole number such as 24, or remove the field to use the ContactSwing default.',
		);
	}
	return number;
}

/** A list of IDs: an array, or a comma-separated string from an expression. */
export function stringList(value: unknown): string[] | undefined {
	if (isUnset(value)) return undefined;
	const elements = typeof value === 'string' ? value.split(',') : value;
	if (!Array.isArray(elements) || elements.some((e) => typeof e !== 'string' && typeof e !== 'number')) {
		throw new FieldError(
			`must be a list of IDs, but it is ${describe(value)}`,
			'Use an array of IDs such as ["id1", "id2"] or a comma-separated string such as "id1, id2".',
		);
	}
	const ids = elements.map((e) => String(e).trim()).filter((e) => e !== '');
	return ids.length ? ids : undefined;
}

export function required<T>(read: (value: unknown) => T | undefined) {
	return (value: unknown): T => {
		const result = read(value);
		if (result === undefined || (typeof result === 'string' && result.trim() === '')) {
			throw new FieldError('is required but empty', 'Enter a value, or check that the expression returns one for this item.');
		}
		return result;
	};
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	const shown = String(value);
	return `${typeof value} "${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}"`;
}

/** Sets `value` at a dotted path such as `additional_settings.idle_time`, creating objects on the way. */
export function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		node[key] = (node[key] as IDataObject | undefined) ?? {};
		node = node[key] as IDataObject;
	}
	node[keys[keys.length - 1]] = value as IDataObject[keyof IDataObject];
}

function readField(context: IExecuteFunctions, itemIndex: number, field: BodyField, raw: unknown) {
	try {
		return field.read(raw);
	} catch (error) {
		const reason = error instanceof FieldError ? error : new FieldError('is invalid', String(error.message));
		throw new NodeOperationError(context.getNode(), `"${field.label}" ${reason.message} [item ${itemIndex}]`, {
			itemIndex,
			description: reason.fix,
		});
	}
}

/**
 * Builds a request body from the top-level fields and the `additionalFields` collection.
 * Every field is read and validated before anything is sent; unset fields are left out.
 */
export function buildBody(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: BodyField[],
	collectionName = 'additionalFields',
): IDataObject {
	const collection = context.getNodeParameter(collectionName, itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	for (const field of fields) {
		const raw = field.parameter in collection
			? collection[field.parameter]
			: context.getNodeParameter(field.parameter, itemIndex, null);
		const value = readField(context, itemIndex, field, raw);
		if (value !== undefined) setPath(body, field.apiPath, value);
	}
	return body;
}
