/**
 * The JWT must never reach what a user sees: not an error, not an output. A server may echo it,
 * whole or in part (a proxy's debug page, an error that repeats the request's headers), so every
 * answer is masked before it is read, and every text a message shows is masked before it is cut.
 */

/** The most characters of ContactSwing's own text a message shows. */
const SHOWN_CHARS = 200;
/**
 * Any run of 2 × BLOCK − 1 (15) or more characters of the token is masked wherever it appears (a
 * server may echo part of it): such a run always holds a whole BLOCK-aligned block of the token,
 * which a plain `indexOf` finds fast, even in a 5 MB answer.
 */
const BLOCK = 8;
const MIN_RUN = 2 * BLOCK - 1;
/** A shorter piece of the token is masked only where a cut ends on it. */
const TOKEN_EDGE = 4;

/** Masks one token; made once per execution, which masks every answer with it. */
export class TokenMask {
	constructor(private readonly token: string) {}

	/** `text` with the token and every run of MIN_RUN or more of its characters replaced by `***`. */
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
	 * A parsed JSON answer with the token masked in every string, keys included, through its plain
	 * JSON text. If that cannot be written or read back (nested too deep, a run of the token
	 * inside a number), the masked `text` it came from is returned: an answer that cannot be read.
	 */
	maskedJson(value: unknown, text: string): unknown {
		try {
			const plain = JSON.stringify(value);
			const masked = this.masked(plain);
			return masked === plain ? value : (JSON.parse(masked) as unknown);
		} catch {
			return text;
		}
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

	/** Where the token, or a run of MIN_RUN or more of its characters, appears in `text`, in order. */
	private ranges(text: string): Array<[number, number]> {
		const { token } = this;
		if (!token) return [];
		const found: Array<[number, number]> = [];
		if (token.length < MIN_RUN) {
			for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length))
				found.push([at, at + token.length]);
			return found;
		}
		for (let offset = 0; offset + BLOCK <= token.length; offset += BLOCK) {
			const block = token.slice(offset, offset + BLOCK);
			for (let at = text.indexOf(block); at !== -1; ) {
				// Widen the block to the whole run of the token's characters around it.
				let start = at;
				let end = at + BLOCK;
				while (start > 0 && start - at + offset > 0 && text[start - 1] === token[start - at + offset - 1]) start--;
				while (end < text.length && end - at + offset < token.length && text[end] === token[end - at + offset]) end++;
				if (end - start >= MIN_RUN) found.push([start, end]);
				at = text.indexOf(block, Math.max(at + 1, end));
			}
		}
		found.sort((x, y) => x[0] - y[0]);
		const merged: Array<[number, number]> = [];
		for (const [start, end] of found) {
			const last = merged[merged.length - 1];
			if (last && start <= last[1]) last[1] = Math.max(last[1], end);
			else merged.push([start, end]);
		}
		return merged;
	}

	/** A cut text that ends on the start of the token: that start is masked too. */
	private maskEdge(text: string): string {
		for (let length = Math.min(MIN_RUN, this.token.length) - 1; length >= TOKEN_EDGE; length--) {
			if (text.endsWith(this.token.slice(0, length))) return `${text.slice(0, -length)}***`;
		}
		return text;
	}
}
