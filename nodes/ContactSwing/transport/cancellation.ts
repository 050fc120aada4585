import { sleep } from 'n8n-workflow';

/** What a wait or a request ends with when the execution is cancelled (the Stop button). */
export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled');
		this.name = 'AbortError';
	}
}

/**
 * Waits `ms`, or less when `signal` aborts; resolves `true` when the whole time passed. n8n 2.x's
 * `sleep` clears its timer on abort; on n8n 1.x it ignores the signal and its timer runs out unheard.
 */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
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

/**
 * One execution's cancel signal, shared by all its waits and requests. It listens to n8n's signal
 * once, rather than once per wait: a hundred requests in flight would otherwise put a hundred
 * listeners on it, and Node warns of a leak past ten.
 */
export class Cancellation {
	private readonly hooks = new Set<() => void>();

	constructor(private readonly signal?: AbortSignal) {
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

	/** A controller aborted when the execution is cancelled; `done` unhooks it. */
	controller(): { signal: AbortSignal; abort: () => void; done: () => void } {
		const controller = new AbortController();
		const abort = () => controller.abort();
		const done = this.onCancel(abort);
		return { signal: controller.signal, abort, done };
	}

	/** Waits `ms`; throws `CancelledError` at once when the execution is cancelled. */
	async sleep(ms: number): Promise<void> {
		if (ms <= 0 && !this.requested) return;
		const { signal, done } = this.controller();
		try {
			if (!(await pause(ms, signal))) throw new CancelledError();
		} finally {
			done();
		}
	}
}
