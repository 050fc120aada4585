/**
 * Whether 429s grew with the send rate, the mark of a rate limit: a send is slow when the node had
 * sent, in the second up to it (those sent at the same moment included), at most the rate the
 * server accepted, else fast. A limit refuses fast sends and never slow ones; sporadic 429s fall on
 * both alike. So the share grew when at least LIMIT_REFUSALS fast sends were refused, and the slow
 * sends, refused at the fast ones' share, would have drawn at least LIMIT_EXPECTED 429s but drew
 * under a tenth of that: by chance, under 1 % of the time (none where 5 to 10 were due). Without
 * slow sends to compare, nothing shows it grew.
 */
const LIMIT_REFUSALS = 3;
const LIMIT_EXPECTED = 5;
/**
 * Sporadic 429s, not a rate limit: at least SHARE_MIN_ANSWERS answers and at most SPORADIC_SHARE of
 * them 429s, unless the 429s grew with the send rate. A rate limit refuses a growing share as the
 * node sends faster; a server that refuses a small share at any rate is not asking for a slower
 * pace. The pace reads them over a minute, not seconds: a pace of one a second then gives enough
 * answers to judge, and one unlucky sample of a few seconds cannot slow the pace.
 */
const SHARE_MIN_ANSWERS = 20;
const SPORADIC_SHARE = 0.2;

/**
 * Whether 429s are sporadic, from the send times of the requests the server accepted and of those
 * it refused (the same span), and the rate it accepted over that span (a second).
 */
export function sporadic(accepted: readonly number[], refused: readonly number[], acceptedRate: number): boolean {
	const answers = accepted.length + refused.length;
	if (answers < SHARE_MIN_ANSWERS || refused.length > SPORADIC_SHARE * answers) return false;
	return !growsWithRate(accepted, refused, acceptedRate);
}

/** Whether the 429s grew with the send rate (see LIMIT_REFUSALS), from the same figures as `sporadic`. */
function growsWithRate(accepted: readonly number[], refused: readonly number[], acceptedRate: number): boolean {
	if (refused.length < LIMIT_REFUSALS) return false;
	const sends = [...accepted.map((at) => ({ at, refused: false })), ...refused.map((at) => ({ at, refused: true }))];
	sends.sort((a, b) => a.at - b.at);
	const fast = { sends: 0, refused: 0 };
	const slow = { sends: 0, refused: 0 };
	for (let i = 0, from = 0, to = 0; i < sends.length; i++) {
		// The sends in the second up to this one: those sent at the same moment too, whatever their answer.
		while (sends[from].at <= sends[i].at - 1000) from++;
		while (to + 1 < sends.length && sends[to + 1].at <= sends[i].at) to++;
		const kind = to - from + 1 <= acceptedRate ? slow : fast;
		kind.sends++;
		if (sends[i].refused) kind.refused++;
	}
	if (fast.refused < LIMIT_REFUSALS) return false;
	const expected = (slow.sends * fast.refused) / fast.sends;
	return expected >= LIMIT_EXPECTED && slow.refused < expected / 10;
}
