/**
 * How a request to ContactSwing is signed, in one place: the credential's `authenticate` (the
 * node's requests and the HTTP Request node's) and the credential's Test use it alike.
 */
export function authorization(token: unknown): string {
	// Trimmed: a pasted token often ends in a line break.
	return `Bearer ${String(token ?? '').trim()}`;
}
