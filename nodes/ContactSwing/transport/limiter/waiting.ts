/**
 * The executions of this n8n process that wait for a rate limit, all accounts together. Each holds
 * n8n's own memory while it waits (on n8n 2.41.1 about 10.7 MB, what a Wait node's holds too), so
 * a webhook flood against a limit that lasts would hold one execution per waiting item for up to
 * Max Rate Limit Wait, and take n8n down: past MAX_WAITING_EXECUTIONS a new one is refused at once.
 * Executions are counted, not bytes: n8n's memory per execution is n8n's, and a node cannot read it
 * (n8n Cloud gives it no `process`).
 */

/** The most executions that may wait for a rate limit at once: about 540 MB of n8n 2.41.1's memory. */
export const MAX_WAITING_EXECUTIONS = 50;

/**
 * A wait estimated at more than this holds its execution for a rate limit. No shorter wait counts:
 * a place in the window (never estimated), one turn of the slowest pace, a sporadic 429's hold (a
 * Retry-After of a few seconds; the node's own backoff, 0.5 s, 1 s, then 2 s at most), so healthy
 * traffic never meets the bound: at 1 s, one 429 with `Retry-After: 2` among 200 executions of 3
 * items side by side refused 253 of the 600. The cost in a flood: executions whose wait is shorter
 * are not counted, at most arrival rate × 5 s of them (at the soak's 6.7 executions a second about
 * 33, each for at most 5 s: about 350 MB of n8n 2.41.1 beside the 540 MB of the 50 counted).
 */
export const LONG_WAIT_MS = 5000;

class WaitingExecutions {
	/** Each execution that waits (its Cancellation, one per execution), with its requests that wait long. */
	private readonly waiting = new Map<object, number>();

	/** How many executions wait. */
	get size(): number {
		return this.waiting.size;
	}

	/**
	 * `execution` has one more request to wait long: `undefined` when MAX_WAITING_EXECUTIONS others
	 * already wait (one more of an execution already waiting costs n8n nothing more), else the call
	 * that ends its wait (once, however often it is called).
	 */
	join(execution: object): (() => void) | undefined {
		const requests = this.waiting.get(execution) ?? 0;
		if (!requests && this.waiting.size >= MAX_WAITING_EXECUTIONS) return undefined;
		this.waiting.set(execution, requests + 1);
		let waits = true;
		return () => {
			if (!waits) return;
			waits = false;
			const left = this.waiting.get(execution)! - 1;
			if (left) this.waiting.set(execution, left);
			else this.waiting.delete(execution);
		};
	}
}

/** The executions of this n8n process that wait for a rate limit. */
export const waitingExecutions = new WaitingExecutions();
