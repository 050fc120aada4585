/**
 * The JWT must never reach what a user sees: not an error, not an output. A server may echo it,
 * whole or in part (a proxy's debug page, an error that repeats the request's headers), so every
 * answer is masked as it is read, and every text a message shows is masked before it is cut.
 * Only the secret is masked: everything else an answer holds, another JWT included, comes through
 * byte for byte.
 */

/** The most characters of ContactSwing's own text a message shows. */
const SHOWN_CHARS = 200;
/**
 * A run of MIN_RUN (15) or more characters of the token's secret part is a piece of the secret,
 * masked wherever it appears. Such a run always holds a whole BLOCK-long window that starts at a
 * multiple of BLOCK in the text, so one scan looks up every BLOCK-th window in an index of the
 * secret's BLOCK-long substrings: one pass, whatever the token's length.
 */
const BLOCK = 8;
const MIN_RUN = 2 * BLOCK - 1;
/** A shorter piece of the secret is masked only where a cut ends on it. */
const TOKEN_EDGE = 4;

/**
 * Where the secret is in the token. In a JWT (`header.payload.signature`) it is the signature:
 * the header is the same in every token (`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9`) and payloads of
 * one issuer start alike, so a piece of either is no sign of this token. Any other token (or a JWT
 * whose signature is shorter than MIN_RUN) is secret throughout.
 */
function secretStart(token: string): number {
	const parts = token.split('.');
	if (parts.length !== 3 || parts[2].length < MIN_RUN || !parts.every((part) => /^[\w-]+$/.test(part))) return 0;
	try {
		const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
		if (typeof header !== 'object' || header === null || !('alg' in header)) return 0;
	} catch {
		return 0;
	}
	return token.length - parts[2].length;
}

/** Masks one token; made once per execution, which masks every answer with it. */
export class TokenMask {
	/** The secret part: token.slice(secretFrom). */
	private readonly secretFrom: number;
	/** Every BLOCK-long substring of the secret part, and where in the token it starts. */
	private readonly index = new Map<string, number[]>();

	constructor(private readonly token: string) {
		this.secretFrom = secretStart(token);
		if (token.length < MIN_RUN) return; // a short token is masked whole, never in pieces
		for (let at = this.secretFrom; at + BLOCK <= token.length; at++) {
			const block = token.slice(at, at + BLOCK);
			const starts = this.index.get(block);
			if (starts) starts.push(at);
			else this.index.set(block, [at]);
		}
		// A random secret repeats no block. One that does (aaaa…) keeps its first and last places for
		// each block (the runs that reach furthest forward and back), so no window is tried thousands of times.
		for (const [block, starts] of this.index) {
			if (starts.length > 4)
				this.index.set(block, [starts[0], starts[1], starts[starts.length - 2], starts[starts.length - 1]]);
		}
	}

	/** `text` with the token and every piece of its secret replaced by `***`. */
	masked(text: string): string {
		const ranges = this.ranges(text);
		if (!ranges.length) return text;
		let result = '';
		let at = 0;
		for (const [start, end] of ranges) {
			result += `${text.slice(at, start)}***`;
			at = end;
		}
		return result + text.slice(at);
	}

	/**
	 * A parsed JSON answer with the token masked in every string and key, and in every number that
	 * spells it (a token of digits): the parsed values, where no JSON escape can hide it. Values
	 * without it are returned as they are, the same objects.
	 */
	maskedValue(value: unknown): unknown {
		if (typeof value === 'string') return this.masked(value);
		if (typeof value === 'number') return this.masked(String(value)) === String(value) ? value : '***';
		if (typeof value !== 'object' || value === null) return value;
		if (Array.isArray(value)) {
			let copy: unknown[] | undefined;
			value.forEach((entry, i) => {
				const masked = this.maskedValue(entry);
				if (masked !== entry) (copy ??= [...value])[i] = masked;
			});
			return copy ?? value;
		}
		let changed = false;
		const entries = Object.entries(value).map(([key, entry]) => {
			const maskedKey = this.masked(key);
			const masked = this.maskedValue(entry);
			if (maskedKey !== key || masked !== entry) changed = true;
			return [maskedKey, masked];
		});
		return changed ? Object.fromEntries(entries) : value;
	}

	/**
	 * ContactSwing's text as a message may show it: the token, and any piece of it, masked first,
	 * then cut to `limit` characters. (Cut first, and the cut can split the token so that the
	 * masking no longer recognises it.)
	 */
	shown(text: string, limit = SHOWN_CHARS): string {
		// Masking turns long runs into three characters, so scan somewhat more than `limit`; never a whole 5 MB body.
		const scanned = text.slice(0, 4 * (limit + this.token.length));
		let result = '';
		let at = 0;
		for (const [start, end] of [...this.ranges(scanned), [scanned.length, scanned.length]]) {
			result += scanned.slice(at, start);
			if (result.length > limit) break;
			if (start < end) result += '***';
			at = end;
		}
		if (result.length <= limit && scanned.length === text.length) return result;
		return `${this.maskEdge(result.slice(0, limit))}…`;
	}

	/** Where the token, or a piece of its secret, appears in `text`, in order and apart. */
	private ranges(text: string): Array<[number, number]> {
		const { token } = this;
		if (!token) return [];
		const found: Array<[number, number]> = [];
		if (token.length < MIN_RUN) {
			for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length))
				found.push([at, at + token.length]);
			return found;
		}
		if (text.length < MIN_RUN) return found;
		for (let at = 0; at + BLOCK <= text.length; at += BLOCK) {
			const starts = this.index.get(text.slice(at, at + BLOCK));
			if (!starts) continue;
			let next = at + BLOCK;
			for (const from of starts) {
				const run = this.run(text, at, from);
				if (!run) continue;
				found.push(run);
				next = Math.max(next, run[1]);
			}
			// The next window that can start a new run; the scan stays one pass over the text.
			at = Math.ceil(next / BLOCK) * BLOCK - BLOCK;
		}
		// Runs come nearly in order; one may reach back before the one found before it.
		found.sort((x, y) => x[0] - y[0]);
		const merged: Array<[number, number]> = [];
		for (const [start, end] of found) {
			const last = merged[merged.length - 1];
			if (last && start <= last[1]) last[1] = Math.max(last[1], end);
			else merged.push([start, end]);
		}
		return merged;
	}

	/**
	 * The whole run of the token's characters around `text[at…at+BLOCK]`, which matches the token at
	 * `from`: the run if it holds MIN_RUN or more characters of the secret part (it is masked whole,
	 * the public characters before them included), else undefined.
	 */
	private run(text: string, at: number, from: number): [number, number] | undefined {
		const { token } = this;
		let start = at;
		let end = at + BLOCK;
		while (start > 0 && from - (at - start) > 0 && text[start - 1] === token[from - (at - start) - 1]) start--;
		while (end < text.length && from + (end - at) < token.length && text[end] === token[from + (end - at)]) end++;
		const secretChars = end - Math.max(start, at - (from - this.secretFrom));
		return secretChars >= MIN_RUN ? [start, end] : undefined;
	}

	/** A cut text that ends on the start of the secret: that start is masked too. */
	private maskEdge(text: string): string {
		const secret = this.token.slice(this.secretFrom);
		for (let length = Math.min(MIN_RUN, secret.length) - 1; length >= TOKEN_EDGE; length--) {
			if (text.endsWith(secret.slice(0, length))) return `${text.slice(0, -length)}***`;
		}
		return text;
	}
}
