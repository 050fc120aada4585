/** How far back the rate of answers is read, and at most how many answers are kept. */
const SPAN_MS = 10_000;
const MAX_ANSWERS = 2048;

/**
 * How fast a server answers lately, for a server that queues rather than refuses: it answers what is
 * in flight in about (in flight) ÷ (its rate of answers).
 */
export class Throughput {
	/** When the last answers came, oldest first. */
	private readonly answers: number[] = [];
	/** How long the last answer took. */
	private lastLatencyMs = 0;

	answered(now: number, latencyMs: number): void {
		this.answers.push(now);
		this.lastLatencyMs = latencyMs;
		if (this.answers.length > MAX_ANSWERS) this.answers.shift();
	}

	/**
	 * The most requests in flight that leave a create room for its Timeout. Once the last answer
	 * took over a quarter of the Timeout the server may be queueing: what is in flight must be
	 * answered, at the rate answers came over the last SPAN_MS, within half the Timeout. Infinity
	 * while answers come fast, or none came lately.
	 */
	roomFor(timeoutMs: number, now: number): number {
		const { answers } = this;
		while (answers.length && answers[0] <= now - SPAN_MS) answers.shift();
		if (!answers.length || this.lastLatencyMs <= timeoutMs / 4) return Infinity;
		const rate = (1000 * answers.length) / Math.max(1000, now - answers[0]);
		return (rate * timeoutMs) / 2000;
	}
}
