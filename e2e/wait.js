'use strict';
/**
 * Waiting for a state, never for a while: `waitFor` polls a check until it returns something
 * truthy, and after `timeoutMs` fails with an error that names what it waited for and what it
 * saw last. Every wait of the end-to-end suite goes through here.
 */

/**
 * @template T
 * @param {string} what the state, as the error should name it ("the production webhook POST /webhook/x")
 * @param {() => T | Promise<T>} check returns the state when it is reached, something falsy before
 * @param {{ timeoutMs?: number, everyMs?: number, seen?: () => unknown, stopIf?: () => string | false | undefined }} [options]
 *   seen: what to report on a timeout (the last status, the log's tail);
 *   stopIf: a reason the state can no longer come (the process exited), to fail at once
 * @returns {Promise<T>}
 */
async function waitFor(what, check, { timeoutMs = 60_000, everyMs = 250, seen, stopIf } = {}) {
	const started = Date.now();
	let lastError;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
			lastError = undefined;
		} catch (error) {
			// A check may throw while the state is not there yet (a refused connection): keep the reason.
			lastError = error;
		}
		const stopped = stopIf?.();
		if (stopped || Date.now() - started > timeoutMs) {
			const last = seen ? seen() : lastError?.message;
			const why = stopped
				? `gave up after ${Math.round((Date.now() - started) / 1000)} s (${stopped})`
				: `timed out after ${Math.round(timeoutMs / 1000)} s`;
			throw new Error(
				`${why} waiting for ${what}${last === undefined ? '' : `; last seen: ${typeof last === 'string' ? last : JSON.stringify(last)}`}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

module.exports = { waitFor };
