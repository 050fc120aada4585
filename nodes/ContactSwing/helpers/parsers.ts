import type { IDataObject } from 'n8n-workflow';

/** Turns a raw parameter value into the API value; `undefined` = unset (left out of the request). */
export type Parser = (value: unknown) => unknown;

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
function wholeNumber(min: number, max = Infinity): Parser {
	const range = max === Infinity ? `of ${min} or more` : `from ${min} to ${max}`;
	return (value) => {
		if (isUnset(value)) return undefined;
		const number = typeof value === 'string' ? Number(value.trim()) : value;
		if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
			throw new FieldError(
				`must be a whole number ${range}, but it is ${describe(value)}`,
				`Enter a whole number ${range}.`,
			);
		}
		return number;
	};
}

export const positiveInteger = wholeNumber(1) as (value: unknown) => number | undefined;
export const nonNegativeInteger = wholeNumber(0) as (value: unknown) => number | undefined;
export const integerBetween = (min: number, max: number) => wholeNumber(min, max);

/**
 * An ID the API documents as a whole number where its other IDs are text (a campaign's agent):
 * a number, or text that reads as one, is sent as a whole number of 1 or more; other text, such
 * as the UUID Agent → Create outputs, as it is, trimmed. So are digits of more than a number holds
 * exactly; a number past that has lost its last digits and would name another ID, so it is refused.
 */
export function wholeNumberOrText(value: unknown): number | string | undefined {
	if (typeof value === 'string' && /^\s*\d+\s*$/.test(value) && !Number.isSafeInteger(Number(value))) {
		return value.trim();
	}
	const readsAsNumber =
		typeof value === 'string' ? /^\s*[-+]?\d+(\.\d*)?\s*$/.test(value) : ['number', 'boolean'].includes(typeof value);
	if (!readsAsNumber) return text(value)?.trim();
	const number = positiveInteger(value);
	if (number !== undefined && !Number.isSafeInteger(number)) {
		throw new FieldError(
			`must be a whole number of at most ${Number.MAX_SAFE_INTEGER}, but it is ${describe(value)}`,
			'Map the ID as text, as ContactSwing gave it: a number this large has lost its last digits.',
		);
	}
	return number;
}

export function finiteNumber(value: unknown): number | undefined {
	if (isUnset(value)) return undefined;
	const number = typeof value === 'string' ? Number(value.trim()) : value;
	if (typeof number !== 'number' || !Number.isFinite(number)) {
		throw new FieldError(`must be a number, but it is ${describe(value)}`, 'Enter a number such as 0.7.');
	}
	return number;
}

/** A number the editor limits to a range, checked again for values that come from expressions. */
export function inRange(parse: Parser, min = -Infinity, max = Infinity): Parser {
	const range =
		max === Infinity ? `of ${min} or more` : min === -Infinity ? `of ${max} or less` : `from ${min} to ${max}`;
	return (value) => {
		const number = parse(value);
		if (typeof number === 'number' && (number < min || number > max)) {
			throw new FieldError(`must be a number ${range}, but it is ${number}`, `Enter a number ${range}.`);
		}
		return number;
	};
}

/**
 * A value that goes into the request's path. `.` and `..` would be resolved as path steps and
 * send the request to another endpoint (`/v2/_voicecalls/../makeCall`), so they are refused.
 */
export function pathSegment(parse: Parser): Parser {
	return (value) => {
		const segment = parse(value);
		if (typeof segment === 'string' && ['.', '..'].includes(segment.trim())) {
			throw new FieldError(
				`cannot be "." or ".." (it is "${segment.trim()}"): either would change which endpoint is called`,
				'Use the ID of the record, for example from the output of an earlier node.',
			);
		}
		return segment;
	};
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

export function required(parse: Parser): Parser {
	return (value) => {
		const result = parse(value);
		if (result === undefined) {
			throw new FieldError(
				'is required but empty',
				'Enter a value, or check that the expression returns one for this item.',
			);
		}
		return result;
	};
}

export function asFieldError(error: unknown): FieldError {
	return error instanceof FieldError ? error : new FieldError('is invalid', (error as Error).message);
}
