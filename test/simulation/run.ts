/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a command-line runner: it reads its arguments and sets its exit code */
/**
 * `npm run test:sim -- --scenarios 100000 [--seed N]`: the long run of the limiter simulation.
 * Prints progress, each failing world's seed and what it broke, and exits non-zero on any failure.
 */
import { describeFailure, simulate } from './simulate';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? Number(args[index + 1]) : fallback;
};
const scenarios = option('scenarios', 2000);
const seed = option('seed', 1);
// The simulation replaces both clocks while it runs: real time comes from the real one, kept here.
const realNow = performance.now.bind(performance);
const started = realNow();

simulate({ scenarios, seed, stopAtFirst: false }, (report, index) => {
	if (report.violations.length) process.stdout.write(`\n${describeFailure(report)}\n`);
	if ((index + 1) % 500 === 0)
		process.stdout.write(`${index + 1} worlds in ${Math.round((realNow() - started) / 1000)} s\n`);
}).then(
	(result) => {
		const hours = Math.round(result.simulatedMs / 3_600_000);
		process.stdout.write(
			`simulation: ${result.scenarios} worlds (seeds ${seed}–${seed + result.scenarios - 1}), ${result.executions} executions, ${result.requests} requests, ${hours} simulated hours, in ${Math.round((realNow() - started) / 1000)} s: ${result.failures.length} failed\n`,
		);
		process.exitCode = result.failures.length ? 1 : 0;
	},
	(error: Error) => {
		process.stdout.write(`simulation crashed: ${error.stack}\n`);
		process.exitCode = 1;
	},
);
