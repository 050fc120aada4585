/**
 * The JWT must never reach what a user sees: not an error, not an output. A server may echo it,
 * whole or in part (a proxy's debug page, an error that repeats the request's headers), so every
 * answer is masked before it is read, and every text a message shows is masked before it is cut.
 */

/** The most characters of ContactSwing's own text a message shows. */
const SHOWN_CHARS = 200;
/** A run of this many characters of the token is masked wherever it appears: a server may echo part of it. */
const TOKEN_FRAGMENT = 8;
/** A shorter piece of the token is masked only where a cut ends on it. */
const TOKEN_EDGE = 4;

/**
 * ContactSwing's text as a message may show it: the token, and any piece of it, masked first,
 * then cut to `limit` characters. (Cut first, and the cut can split the token so that the
 * masking no longer recognises it.)
 */
export function shown(text: string, token: string, limit = SHOWN_CHARS): string {
	// Masking turns long runs into three characters, so scan somewhat more than `limit`; never a whole 5 MB body.
	const scanned = text.slice(0, 4 * (limit + token.length));
	let result = '';
	let at = 0;
	for (const [start, end] of [...maskedRanges(scanned, token), [scanned.length, scanned.length]]) {
		result += scanned.slice(at, start);
		if (result.length > limit) break;
		if (start < end) result += '***';
		at = end;
	}
	if (result.length <= limit && scanned.length === text.length) return result;
	return `${maskEdge(result.slice(0, limit), token)}…`;
}

/** Where the token, or a run of TOKEN_FRAGMENT or more of its characters, appears in `text`. */
function maskedRanges(text: string, token: string): Array<[number, number]> {
	if (!token) return [];
	const ranges: Array<[number, number]> = [];
	const add = (start: number, end: number) => {
		const last = ranges[ranges.length - 1];
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else ranges.push([start, end]);
	};
	if (token.length < TOKEN_FRAGMENT) {
		for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length))
			add(at, at + token.length);
		return ranges;
	}
	const pieces = new Set<string>();
	for (let i = 0; i + TOKEN_FRAGMENT <= token.length; i++) pieces.add(token.slice(i, i + TOKEN_FRAGMENT));
	for (let i = 0; i + TOKEN_FRAGMENT <= text.length; i++) {
		if (pieces.has(text.slice(i, i + TOKEN_FRAGMENT))) add(i, i + TOKEN_FRAGMENT);
	}
	return ranges;
}

/** A cut text that ends on the start of the token: that start is masked too. */
function maskEdge(text: string, token: string): string {
	for (let length = Math.min(TOKEN_FRAGMENT, token.length) - 1; length >= TOKEN_EDGE; length--) {
		if (text.endsWith(token.slice(0, length))) return `${text.slice(0, -length)}***`;
	}
	return text;
}

/** `text` with the token and every run of TOKEN_FRAGMENT or more of its characters replaced by `***`. */
export function masked(text: string, token: string): string {
	const ranges = maskedRanges(text, token);
	if (!ranges.length) return text;
	let result = '';
	let at = 0;
	for (const [start, end] of ranges) {
		result += `${text.slice(at, start)}***`;
		at = end;
	}
	return result + text.slice(at);
}
