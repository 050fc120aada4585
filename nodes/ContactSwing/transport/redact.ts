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
 * masked wherever it appears. Every MIN_RUN-long piece holds a whole BLOCK-long window that starts
 * at a multiple of BLOCK in the text, so one scan looks up every BLOCK-th window in a set of the
 * secret's BLOCK-long substrings, and only around a hit the MIN_RUN-long ones: one pass, whatever
 * the token's length or how often its characters repeat.
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
	/** Every BLOCK-long substring of the secret part: the scan's first look. */
	private readonly blocks = new Set<string>();
	/** Every MIN_RUN-long substring of the secret part: a piece of the secret. */
	private readonly pieces = new Set<string>();

	/** Whether a number's text (digits, `.`, `e`, signs, `Infinity`) can spell the token or a piece of its secret. */
	private readonly inNumbers: boolean;

	constructor(private readonly token: string) {
		this.secretFrom = secretStart(token);
		this.inNumbers =
			token.length < MIN_RUN
				? /^[-+.\deInfity]+$/.test(token)
				: new RegExp(`[-+.\\deInfity]{${MIN_RUN}}`).test(token.slice(this.secretFrom));
		if (token.length < MIN_RUN) return; // a short token is masked whole, never in pieces
		for (let at = this.secretFrom; at + BLOCK <= token.length; at++) {
			this.blocks.add(token.slice(at, at + BLOCK));
			if (at + MIN_RUN <= token.length) this.pieces.add(token.slice(at, at + MIN_RUN));
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
		if (typeof value === 'number')
			return !this.inNumbers || this.masked(String(value)) === String(value) ? value : '***';
		if (typeof value !== 'object' || value === null) return value;
		if (Array.isArray(value)) {
			let copy: unknown[] | undefined;
			for (let i = 0; i < value.length; i++) {
				const masked = this.maskedValue(value[i]);
				if (masked !== value[i]) (copy ??= [...value])[i] = masked;
			}
			return copy ?? value;
		}
		// Plain loops: an answer may hold a few hundred thousand objects, most of them unchanged.
		const keys = Object.keys(value);
		let copy: Array<[string, unknown]> | undefined;
		for (let i = 0; i < keys.length; i++) {
			const entry = (value as Record<string, unknown>)[keys[i]];
			const maskedKey = this.masked(keys[i]);
			const masked = this.maskedValue(entry);
			if (!copy && (maskedKey !== keys[i] || masked !== entry)) copy = Object.entries(value).slice(0, i);
			copy?.push([maskedKey, masked]);
		}
		return copy ? Object.fromEntries(copy) : value;
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
		if (!token || text.length < Math.min(token.length, MIN_RUN)) return [];
		const found: Array<[number, number]> = [];
		if (token.length < MIN_RUN) {
			for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + token.length))
				found.push([at, at + token.length]);
			return found;
		}
		if (text.length < MIN_RUN) return found;
		// The secret's first piece, where a run may reach back over the public characters (a JWT's only).
		const secretHead = this.secretFrom ? token.slice(this.secretFrom, this.secretFrom + MIN_RUN) : undefined;
		for (let at = 0; at + BLOCK <= text.length; at += BLOCK) {
			if (!this.blocks.has(text.slice(at, at + BLOCK))) continue;
			// Inside a run already masked from before this block, the piece at the block alone says how far it goes.
			const run = found[found.length - 1];
			if (run && run[0] <= at - BLOCK && run[1] >= at) {
				const piece = text.slice(at, at + MIN_RUN);
				if (piece !== secretHead && this.pieces.has(piece)) {
					run[1] = Math.max(run[1], at + MIN_RUN);
					continue;
				}
			}
			// Every piece that holds this block starts at most BLOCK - 1 characters before it: each place
			// is tried once (the next block's places start after it), so the scan stays one pass.
			for (let start = Math.max(0, at - BLOCK + 1); start <= at && start + MIN_RUN <= text.length; start++) {
				const piece = text.slice(start, start + MIN_RUN);
				if (!this.pieces.has(piece)) continue;
				// A piece that starts the secret is masked with the public characters before it (the payload, the header).
				let from = start;
				if (piece === secretHead)
					for (let i = this.secretFrom; from > 0 && i > 0 && text[from - 1] === token[i - 1]; i--) from--;
				const last = found[found.length - 1];
				if (last && from <= last[1] && from >= last[0]) last[1] = start + MIN_RUN;
				else found.push([from, start + MIN_RUN]);
			}
		}
		// Pieces come in order but for the public characters before one.
		found.sort((x, y) => x[0] - y[0]);
		const merged: Array<[number, number]> = [];
		for (const [start, end] of found) {
			const last = merged[merged.length - 1];
			if (last && start <= last[1]) last[1] = Math.max(last[1], end);
			else merged.push([start, end]);
		}
		return merged;
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
