/** Parsers for values with a format: phone numbers, e-mail addresses, dates, times, time zones, IDs. */
import { FieldError, stringList, text } from './parsers';

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

/** A list of e-mail addresses: an array, or a comma-separated string. */
export function emailList(value: unknown): string[] | undefined {
	return stringList(value)?.map((address) => emailAddress(address) as string);
}

/** A UUID, such as a ContactSwing user ID. */
export function uuid(value: unknown): string | undefined {
	const id = text(value)?.trim();
	if (id === undefined) return undefined;
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
		throw new FieldError(
			`must be a UUID, but it is "${id.slice(0, 40)}"`,
			'Use the ContactSwing user ID, such as 6f439f98-32f6-4b44-928c-6e890e298d51.',
		);
	}
	return id;
}
