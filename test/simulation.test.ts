/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the number of worlds comes from the environment */
/**
 * The limiter and the transport in thousands of seeded simulated worlds (test/simulation/): the
 * real code, on a simulated clock, against servers that rate-limit with every shape of
 * Retry-After, fail, hang and recover, with executions side by side, cancelled, and over 100
 * accounts. Invariants: liveness, recovery, safety, bounded state and isolation (world.ts).
 * `SIM_SCENARIOS` and `SIM_SEED` change the run; `npm run test:sim` is the long run.
 */
import { describeFailure, simulate } from './simulation/simulate';

// 700: the worlds of known limits (a stream of executions each) send 40 % more requests than before;
// 700 worlds now send about what 1,000 did.
const SCENARIOS = Number(process.env.SIM_SCENARIOS ?? 700);
const SEED = Number(process.env.SIM_SEED ?? 1);

it(`the limiter keeps every invariant in ${SCENARIOS} simulated worlds`, async () => {
	const result = await simulate({ scenarios: SCENARIOS, seed: SEED });
	expect(result.failures.map(describeFailure)).toEqual([]);
	expect(result.scenarios).toBe(SCENARIOS);
}, 300_000);

// Worlds that once broke an invariant, played in every run. 2032: a request the server never
// answered held the only place of a halved window until its 60 s Timeout, and the account had
// not recovered 60 s after the server did (fixed by overdue requests giving their place back).
// 64594: two requests never answered filled the cap of twice a window of 1.78, and 24 requests
// waited 40 s after the server recovered (fixed by a cap of at least 4 beyond the window).
// 5432: a 429 with nothing accepted (no pace), then a window of 4 at 5 s a round trip: at the first
// answer after the hold, the line's served rate saw 1 send over 5 s (its 3 in flight unseen), and
// 140 of the recovery's 150 items were refused (fixed by counting the sends in flight).
it.each([2032, 64594, 5432])('the world of seed %i, which once broke an invariant, keeps them all', async (seed) => {
	const result = await simulate({ scenarios: 1, seed });
	expect(result.failures.map(describeFailure)).toEqual([]);
});
