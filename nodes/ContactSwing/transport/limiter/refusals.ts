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
 * Whether the 429s grew with the send rate, from the send times of the requests the server accepted
 * and of those it refused (the same span), and the rate it accepted over that span (a second).
 */
export function growsWithRate(accepted: readonly number[], refused: readonly number[], acceptedRate: number): boolean {
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
