/**
 * How a request to ContactSwing is signed, in one place: the credential's `authenticate` (the
 * node's requests and the HTTP Request node's) and the credential's Test use it alike, and the
 * token masks mask the token as it is sent.
 */

/** The token as it is sent: trimmed, since a pasted one often ends in a line break. */
export function sentToken(token: unknown): string {
	return String(token ?? '').trim();
}

export function authorization(token: unknown): string {
	return `Bearer ${sentToken(token)}`;
}
