/* eslint-disable @n8n/community-nodes/no-restricted-globals -- the simulated clock replaces the global timers: test code, never shipped */
/**
 * A simulated clock for the limiter simulation: `performance.now` (the monotonic clock),
 * `Date.now` (the wall clock), `setTimeout` and `clearTimeout` are replaced while it is installed, so the real limiter and transport (and n8n's `sleep`) run on
 * simulated time. Time moves only from one timer to the next, after every promise settled, so a
 * scenario runs the same way every time, whatever the machine does meanwhile.
 */

import { seeded } from '../double/mix';

interface Timer {
	at: number;
	order: number;
	run: () => void;
	cancelled: boolean;
}

/** What `setTimeout` returns here: enough of Node's Timeout for the code that uses it. */
class Handle {
	constructor(readonly timer: Timer) {}
	unref() {
		return this;
	}
	ref() {
		return this;
	}
	hasRef() {
		return true;
	}
}

export class SimClock {
	/** Simulated time, as the monotonic clock (and the timers) count it. */
	now: number;
	/** How far the wall clock is off simulated time: a step of it (NTP, a VM resumed) changes this alone. */
	wallOffsetMs = 0;
	/** How late each timer the code sets fires, as on a busy event loop: never, unless a test says so. */
	lateMs: () => number = () => 0;
	private readonly timers: Timer[] = [];
	private order = 0;
	private readonly real = {
		setTimeout: globalThis.setTimeout,
		clearTimeout: globalThis.clearTimeout,
		dateNow: Date.now,
		performanceNow: performance.now,
		setImmediate: globalThis.setImmediate,
	};

	constructor(start: number) {
		this.now = start;
	}

	install(): void {
		const timeout = (run: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
			new Handle(this.add(() => run(...args), Math.max(0, Number(ms) || 0) + this.lateMs()));
		globalThis.setTimeout = timeout as unknown as typeof setTimeout;
		globalThis.clearTimeout = ((handle?: Handle) => {
			if (handle instanceof Handle) handle.timer.cancelled = true;
		}) as typeof clearTimeout;
		Date.now = () => this.now + this.wallOffsetMs;
		performance.now = () => this.now;
	}

	uninstall(): void {
		globalThis.setTimeout = this.real.setTimeout;
		globalThis.clearTimeout = this.real.clearTimeout;
		Date.now = this.real.dateNow;
		performance.now = this.real.performanceNow;
	}

	/** Runs `fn` at `ms` from now, in simulated time. */
	add(run: () => void, ms: number): Timer {
		const timer = { at: this.now + Math.max(0, Number(ms) || 0), order: this.order++, run, cancelled: false };
		// A binary heap ordered by time, then by the order timers were set: the same run every time.
		const heap = this.timers;
		heap.push(timer);
		for (let i = heap.length - 1; i > 0; ) {
			const parent = (i - 1) >> 1;
			if (before(heap[parent], heap[i])) break;
			[heap[parent], heap[i]] = [heap[i], heap[parent]];
			i = parent;
		}
		return timer;
	}

	/**
	 * Runs timers in order until `done()` holds. 'stuck' when nothing is scheduled any more but
	 * `done()` does not hold (something waits for ever), 'horizon' when the next timer is past `until`.
	 */
	async run(done: () => boolean, until: number): Promise<'done' | 'stuck' | 'horizon'> {
		for (;;) {
			await this.settle();
			if (done()) return 'done';
			const timer = this.peek();
			if (!timer) return 'stuck';
			if (timer.at > until) return 'horizon';
			this.pop();
			this.now = Math.max(this.now, timer.at);
			timer.run();
		}
	}

	/** Lets every promise that can settle do so: the real event loop's next turn comes after them all. */
	private async settle(): Promise<void> {
		await new Promise<void>((resolve) => this.real.setImmediate(resolve));
	}

	/** The next timer that was not cleared. */
	private peek(): Timer | undefined {
		while (this.timers.length && this.timers[0].cancelled) this.pop();
		return this.timers[0];
	}

	private pop(): void {
		const heap = this.timers;
		const last = heap.pop()!;
		if (!heap.length) return;
		heap[0] = last;
		for (let i = 0; ; ) {
			const left = 2 * i + 1;
			const right = left + 1;
			let smallest = i;
			if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
			if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
			if (smallest === i) break;
			[heap[smallest], heap[i]] = [heap[i], heap[smallest]];
			i = smallest;
		}
	}
}

function before(a: Timer, b: Timer): boolean {
	return a.at < b.at || (a.at === b.at && a.order < b.order);
}

/** A seeded random number generator (mulberry32): the same seed, the same scenario (the double's mixes use it too). */
export const seededRandom: (seed: number) => () => number = seeded;
