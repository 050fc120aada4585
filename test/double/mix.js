'use strict';
/**
 * Seeded mixes of answers for the double's `failWhen(when, { respond })`: each request draws one
 * answer by its share. The soak (issue 32) plays them: the full mix a busy API gives, sporadic
 * 429s alone, and plain successes (under the double's rate limit). Every answer but the reset
 * comes after 20–80 ms, like a healthy API.
 */

/**
 * A small seeded generator (mulberry32): the same seed, the same answers in the same order. Plain
 * JS, which the e2e runner loads; the simulation uses it too (test/simulation/clock.ts).
 */
function seeded(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const healthyMs = (random) => 20 + Math.floor(random() * 61);
const reply = (status, detail, headers) => (random) => ({
	status,
	body: { detail },
	headers,
	delayMs: healthyMs(random),
});

/** One answer each, as a Fault of test/double/server.js; `slow` is the contract's own answer, delayed. */
const ANSWERS = {
	created: (random) => ({ kind: 'slow', delayMs: healthyMs(random) }),
	rateLimited: reply(429, 'Too many requests', { 'retry-after': '1' }),
	serverError: reply(500, 'Internal Server Error'),
	badRequest: reply(400, 'Invalid request'),
	late: () => ({ kind: 'slow', delayMs: 3000 }),
	reset: () => ({ kind: 'reset-before' }),
};

/** The mixes, as [share, answer] rows whose shares add up to 1. */
const MIXES = {
	/** Issue 32's: 88 % created, 5 % 429 (Retry-After: 1), 3 % 500, 2 % 400, 1 % three seconds late, 1 % reset. */
	busy: [
		[0.88, 'created'],
		[0.05, 'rateLimited'],
		[0.03, 'serverError'],
		[0.02, 'badRequest'],
		[0.01, 'late'],
		[0.01, 'reset'],
	],
	/** 5 % sporadic 429s, every other answer a success. */
	sporadic429: [
		[0.95, 'created'],
		[0.05, 'rateLimited'],
	],
	/** Every answer the contract's, after 20–80 ms (what the double's rate limit leaves through). */
	healthy: [[1, 'created']],
};

/** `respond` for `failWhen`: each request gets the next seeded draw of `mix` (a name of MIXES). */
function answerMix(mix, seed) {
	const random = seeded(seed);
	const rows = MIXES[mix];
	return () => {
		let draw = random();
		const row = rows.find(([share]) => (draw -= share) < 0) ?? rows[rows.length - 1];
		return ANSWERS[row[1]](random);
	};
}

module.exports = { MIXES, answerMix, seeded };
