/**
 * The limiter simulation: thousands of seeded worlds (world.ts) played one after another in one
 * process, as a long-running n8n would meet them, on a simulated clock. Each world's seed replays
 * it: `npm run test:sim -- --seed N --scenarios 1`.
 */
import { SimClock, seededRandom } from './clock';
import type { ScenarioReport } from './world';
import { runScenario } from './world';

export interface SimulationResult {
	scenarios: number;
	failures: ScenarioReport[];
	requests: number;
	executions: number;
	simulatedMs: number;
}

const HOUR = 60 * 60 * 1000;
/**
 * Where simulated time goes on from: the registry of accounts outlives a run, as in one n8n process,
 * so the monotonic clock must not go back when the next run starts (an account used "later" than
 * the new clock's now could never be forgotten).
 */
let resumeAt = Date.UTC(2026, 11, 1);

export async function simulate(
	{ scenarios, seed, stopAtFirst = true }: { scenarios: number; seed: number; stopAtFirst?: boolean },
	onScenario: (report: ScenarioReport, index: number) => void = () => {},
): Promise<SimulationResult> {
	const clock = new SimClock(resumeAt);
	const realRandom = Math.random;
	const result: SimulationResult = { scenarios: 0, failures: [], requests: 0, executions: 0, simulatedMs: 0 };
	clock.install();
	try {
		for (let index = 0; index < scenarios; index++) {
			const scenarioSeed = (seed + index) >>> 0;
			// Two idle hours between worlds, starting on the hour: a world plays the same wherever it comes.
			clock.now = Math.ceil((clock.now + 2 * HOUR) / HOUR) * HOUR;
			// The node's own jitter (backoff) is drawn from the world's seed too.
			Math.random = seededRandom(scenarioSeed ^ 0x5bd1e995);
			const report = await runScenario(scenarioSeed, seededRandom(scenarioSeed), clock);
			result.scenarios++;
			result.requests += report.requests;
			result.executions += report.executions;
			result.simulatedMs += report.simulatedMs;
			onScenario(report, index);
			if (report.violations.length) {
				result.failures.push(report);
				if (stopAtFirst) break;
			}
		}
	} finally {
		resumeAt = clock.now;
		clock.uninstall();
		Math.random = realRandom;
	}
	return result;
}

export function describeFailure(report: ScenarioReport): string {
	return `seed ${report.seed} (replay: npm run test:sim -- --seed ${report.seed} --scenarios 1):\n  ${report.violations.slice(0, 10).join('\n  ')}`;
}
