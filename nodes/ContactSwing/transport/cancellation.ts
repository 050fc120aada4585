import { sleep } from 'n8n-workflow';

import { monotonicNow } from './clock';

/** What a wait or a request ends with when the execution is cancelled (the Stop button). */
class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
		this.name = 'AbortError';
	}
}

/**
 * The reason every controller here is aborted with: the wait is over. One Error made once:
 * without a reason, every abort would build a DOMException with its stack, and n8n's `sleep`
 * would wrap a reason that is not an Error in a new one.
 */
const ENDED = new Error('ended');

/** The deadline timer sleeps at most this long at a time, so it outlives the last request by no more. */
const DEADLINE_TICK_MS = 1000;

/**
 * One execution's cancel signal and its requests' deadlines, shared by all its waits and requests.
 * - It listens to n8n's signal once, rather than once per wait: a hundred requests in flight
 *   would otherwise put a hundred listeners on it, and Node warns of a leak past ten.
 * - Deadlines are kept by one timer for the whole execution, which sleeps until the earliest one
 *   (at most DEADLINE_TICK_MS at a time) while any request is in flight, rather than by a timer
 *   and an AbortController per request.
 */
export class Cancellation {
	private readonly hooks = new Set<() => void>();
	private readonly deadlines = new Set<{ at: number; expire: () => void }>();
	private ticking = false;

	constructor(
		private readonly signal?: AbortSignal,
		/** What a wait or a request ends with when cancelled. */
		readonly error: () => Error = () => new CancelledError(),
	) {
		signal?.addEventListener(
			'abort',
			() => {
				for (const hook of [...this.hooks]) hook();
				this.hooks.clear();
			},
			{ once: true },
		);
	}

	get requested(): boolean {
		return this.signal?.aborted === true;
	}

	/** Runs `hook` when the execution is cancelled (at once if it already is); returns its removal. */
	onCancel(hook: () => void): () => void {
		if (this.requested) {
			hook();
			return () => {};
		}
		this.hooks.add(hook);
		return () => this.hooks.delete(hook);
	}

	/** Runs `expire` once `afterMs` have passed (on the monotonic clock); returns its removal. */
	deadline(afterMs: number, expire: () => void): () => void {
		const entry = { at: monotonicNow() + afterMs, expire };
		this.deadlines.add(entry);
		if (!this.ticking) void this.tick();
		return () => this.deadlines.delete(entry);
	}

	/** Waits `ms`, or less once `interrupt` aborts; throws at once when the execution is cancelled. */
	async sleep(ms: number, interrupt?: AbortSignal): Promise<void> {
		if (this.requested) throw this.error();
		if (ms <= 0 || interrupt?.aborted) return;
		const controller = new AbortController();
		const end = () => controller.abort(ENDED);
		const stop = this.onCancel(end);
		interrupt?.addEventListener('abort', end, { once: true });
		try {
			if (!(await pause(ms, controller.signal)) && this.requested) throw this.error();
		} finally {
			stop();
			interrupt?.removeEventListener('abort', end);
		}
	}

	/** While deadlines are pending: sleep until the earliest, expire the ones due. */
	private async tick(): Promise<void> {
		this.ticking = true;
		while (this.deadlines.size) {
			let earliest = Infinity;
			for (const entry of this.deadlines) earliest = Math.min(earliest, entry.at);
			await sleep(Math.min(DEADLINE_TICK_MS, Math.max(1, earliest - monotonicNow())));
			const now = monotonicNow();
			for (const entry of [...this.deadlines]) {
				if (entry.at > now) continue;
				this.deadlines.delete(entry);
				entry.expire();
			}
		}
		this.ticking = false;
	}
}

/**
 * Waits `ms`, or less when `signal` aborts; resolves `true` when the whole time passed. n8n 2.x's
 * `sleep` clears its timer on abort; on n8n 1.x it ignores the signal and its timer runs out unheard.
 */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) return Promise.resolve(false);
	return new Promise((resolve) => {
		const onAbort = () => resolve(false);
		signal.addEventListener('abort', onAbort, { once: true });
		sleep(Math.max(0, ms), signal).then(
			() => {
				signal.removeEventListener('abort', onAbort);
				resolve(true);
			},
			() => resolve(false),
		);
	});
}
