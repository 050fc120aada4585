import type { IDataObject } from 'n8n-workflow';

/** Turns a raw parameter value into the API value; `undefined` = unset (left out of the request). */
export type Reader = (value: unknown) => unknown;

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

/** A number the editor limits to a range, checked again for values that come from expressions. */
export function inRange(read: Reader, min = -Infinity, max = Infinity): Reader {
	const range =
		max === Infinity ? `of ${min} or more` : min === -Infinity ? `of ${max} or less` : `from ${min} to ${max}`;
	return (value) => {
		const number = read(value);
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
export function pathSegment(read: Reader): Reader {
	return (value) => {
		const segment = read(value);
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

export function asFieldError(error: unknown): FieldError {
	return error instanceof FieldError ? error : new FieldError('is invalid', (error as Error).message);
}
