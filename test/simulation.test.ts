/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the number of worlds comes from the environment */
/**
 * The limiter and the transport in thousands of seeded simulated worlds (test/simulation/): the
 * real code, on a simulated clock, against servers that rate-limit with every shape of
 * Retry-After, fail, hang and recover, with executions side by side, cancelled, and over 100
 * accounts. Invariants: liveness, recovery, safety, bounded state and isolation (world.ts).
 * `SIM_SCENARIOS` and `SIM_SEED` change the run; `npm run test:sim` is the long run.
 */
import { describeFailure, simulate } from './simulation/simulate';

const SCENARIOS = Number(process.env.SIM_SCENARIOS ?? 1000);
const SEED = Number(process.env.SIM_SEED ?? 1);

it(`the limiter keeps every invariant in ${SCENARIOS} simulated worlds`, async () => {
	const result = await simulate({ scenarios: SCENARIOS, seed: SEED });
	expect(result.failures.map(describeFailure)).toEqual([]);
	expect(result.scenarios).toBe(SCENARIOS);
}, 300_000);
