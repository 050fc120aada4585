/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the test leaves a real gap between requests to the double */
/**
 * The double's statistics, which the benchmark reads from another process (bench/run.js): for the
 * requests since a count, their statuses, the most in flight at once, and how many were in flight
 * at each step of a timeline. A benchmark row is only as true as these.
 */
import { createContactSwingDouble } from './double/server';

const TOKEN = 'stats-token';

describe("the double's statistics for the benchmark", () => {
	it('since a count: the statuses, the most in flight at once, and those in flight every 50 ms', async () => {
		const double = createContactSwingDouble({ token: TOKEN, latencyMs: 300 });
		await double.start();
		try {
			// A signed read (the double answers it after its latency, as any request), or one refused with 401.
			const read = async (token = TOKEN) =>
				(await fetch(`${double.url}/v2/_customers`, { headers: { authorization: `Bearer ${token}` } })).status;
			await read(); // before the count: not in the figures
			type Stats = { requests: number; statuses: object; inFlightPeak: number; timeline?: number[] };
			const stats = async (query: string) =>
				(await (await fetch(`${double.url}/__double/stats${query}`)).json()) as Stats;
			const { requests } = await stats('');
			expect(await Promise.all(Array.from({ length: 5 }, () => read()))).toEqual(Array(5).fill(200));
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(await read('not-the-token')).toBe(401);

			const since = await stats(`?since=${requests}&every=50`);
			expect(since.statuses).toEqual({ 200: 5, 401: 1 });
			expect(since.inFlightPeak).toBe(5);
			// The five in flight for their 300 ms (a step or two to arrive), none for the 200 ms after, then
			// the refused one for its 300 ms.
			const timeline = since.timeline!;
			expect(timeline.slice(2, 5)).toEqual([5, 5, 5]);
			expect(Math.max(...timeline)).toBe(5);
			const gap = timeline.indexOf(0);
			expect(timeline.slice(gap, gap + 3)).toEqual([0, 0, 0]);
			expect(timeline.slice(-4)).toEqual([1, 1, 1, 1]);
			expect((await stats(`?since=${requests}`)).timeline).toBeUndefined();
		} finally {
			await double.stop();
		}
	});
});
