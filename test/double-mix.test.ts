/**
 * The double's answer mixes (test/double/mix.js), which the soak plays (e2e/soak.js): each mix gives
 * its answers in the shares it names, the same seed gives the same answers, and the double sends
 * each answer as it should.
 */
import { createContactSwingDouble } from './double/server';

import { MIXES, answerMix } from './double/mix';

const ROWS = MIXES as unknown as Record<string, [number, string][]>;
type Fault = { kind?: string; status?: number; delayMs?: number; headers?: Record<string, string> };

/** What a fault is, in the words of the mix. */
function answerOf(fault: Fault): string {
	if (fault.kind === 'reset-before') return 'reset';
	if (fault.kind === 'slow') return fault.delayMs === 3000 ? 'late' : 'created';
	return { 429: 'rateLimited', 500: 'serverError', 400: 'badRequest' }[fault.status as 429 | 500 | 400] ?? 'unknown';
}

describe("the double's answer mixes", () => {
	it.each(Object.keys(ROWS))('%s: every answer in its share (within 1 point over 20,000 draws)', (mix) => {
		const respond = answerMix(mix, 7);
		const counts: Record<string, number> = {};
		for (let i = 0; i < 20_000; i++) {
			const answer = answerOf(respond());
			counts[answer] = (counts[answer] ?? 0) + 1;
		}
		const shares = Object.fromEntries(Object.entries(counts).map(([answer, n]) => [answer, n / 20_000]));
		for (const [share, answer] of ROWS[mix]) expect(Math.abs((shares[answer] ?? 0) - share)).toBeLessThan(0.01);
		expect(Object.keys(shares).sort()).toEqual(ROWS[mix].map(([, a]) => a).sort());
	});

	it('the same seed gives the same answers; another seed, others', () => {
		const draws = (seed: number) => {
			const respond = answerMix('busy', seed);
			return Array.from({ length: 200 }, () => respond());
		};
		expect(draws(3200)).toEqual(draws(3200));
		expect(draws(3201)).not.toEqual(draws(3200));
	});

	it('healthy answers come after 20–80 ms; a 429 says Retry-After: 1', () => {
		const respond = answerMix('sporadic429', 1);
		const faults: Fault[] = Array.from({ length: 2000 }, () => respond());
		const delays = faults.map((fault) => fault.delayMs as number);
		expect(Math.min(...delays)).toBe(20);
		expect(Math.max(...delays)).toBe(80);
		expect(faults.filter((fault) => fault.status === 429).every((f) => f.headers?.['retry-after'] === '1')).toBe(true);
	});

	it('through the double: creates are made, 429s refused, resets dropped', async () => {
		const double = createContactSwingDouble({ token: 'mix-token' });
		await double.start();
		try {
			double.failWhen((request: { path: string }) => request.path === '/v2/_new_assistants', {
				respond: answerMix('busy', 11),
			});
			const statuses = await Promise.all(
				Array.from({ length: 300 }, async (_, i) => {
					try {
						const response = await fetch(`${double.url}/v2/_new_assistants`, {
							method: 'POST',
							headers: { authorization: 'Bearer mix-token', 'content-type': 'application/json' },
							body: JSON.stringify({
								name: `Agent ${i}`,
								type: 'WHATSAPP',
								model: 'cw-llm-1',
								instructions: 'Help.',
								phone_number: '650175178190170',
							}),
						});
						return response.status;
					} catch {
						return 'reset';
					}
				}),
			);
			const count = (status: number | string) => statuses.filter((s) => s === status).length;
			expect(count(201)).toBe(double.state.assistants.length);
			expect(count(201)).toBeGreaterThan(240);
			expect(count(429)).toBeGreaterThan(0);
			expect(count('reset')).toBeGreaterThan(0);
			expect(count(201) + count(429) + count(500) + count(400) + count('reset')).toBe(300);
		} finally {
			await double.stop();
		}
	});
});
