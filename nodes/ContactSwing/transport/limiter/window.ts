import type { Cancellation } from '../cancellation';
import { monotonicNow } from '../clock';

/** In flight before anything is learned: the old fixed default, gentle on an unknown server. */
const INITIAL_SIZE = 10;
/** The most requests in flight: Parallel Requests cannot go higher. */
export const MAX_WINDOW = 100;
/**
 * Below the threshold (slow start: until the first 429 of a round) the window grows by a request
 * per answer that kept up, doubling each round trip, so a fast API is used fully within a few.
 */
const FAST_GROWTH = 1;
/**
 * Sends are spread (see `spread`) only while the window's own rate puts them 0.5 to 2 ms apart (500
 * to 2,000 a second): there n8n's own work on a burst, about a millisecond a request, is as long as
 * the round trip. Slower (a slow API, a small window), a burst is short beside its round trip;
 * faster, n8n's own work is what limits, with no wait for answers to overlap.
 */
const SPREAD_STEP_MS = { min: 0.5, max: 2 };

/**
 * An account's places for requests in flight, congestion-control style: the window grows while
 * answers come back and latency holds, and halves on a 429. Places go first come first served.
 * A request that is overdue (likely never answered) no longer holds the window, but still counts
 * until it ends: at most twice the window (4 beyond a small one) is ever in flight. The window is at least 1 and every
 * place is given back when its request ends or leaves without sending, so nobody is ever left
 * waiting for a place with none taken.
 */
export class Window {
	/** Requests allowed in flight (fractional while it grows). */
	size = INITIAL_SIZE;
	/** Below it the window grows fast; a 429 lowers it to the halved size, a calm spell lifts it. */
	private threshold = MAX_WINDOW;
	/** Requests sent before this moment were already answered for by a cut. */
	private cutAt = -Infinity;
	/** Places taken: by requests in flight (overdue ones too), or by requests waiting for their pace. */
	taken = 0;
	/** Of those, requests overdue. */
	private overdue = 0;
	/** Who waits for a place, and the most in flight each accepts beside it: each is handed one in turn. */
	private readonly queue: Array<{ hand: () => void; most: () => number; passed: () => void }> = [];
	/** When the next send's turn in the spread comes. */
	private spreadUntil = -Infinity;

	/** Requests waiting for a place. */
	get waiting(): number {
		return this.queue.length;
	}

	/** An answer came: lift the threshold once `calm` (no 429 for a while), and grow if it `keptUp`. */
	answered(keptUp: boolean, calm: boolean): void {
		if (calm) this.threshold = MAX_WINDOW;
		if (keptUp)
			this.size = Math.min(MAX_WINDOW, this.size + (this.size < this.threshold ? FAST_GROWTH : 1 / this.size));
	}

	/** A 429 that began a new round of answers, at `now`. */
	halve(now: number): void {
		this.cutAt = now;
		this.size = Math.max(1, this.size / 2);
		this.threshold = this.size;
	}

	/**
	 * Congestion seen on a request sent at `sentAt`: a Timeout, or an answer slower than usual that
	 * left little room for its Timeout. Halves the window once per round of requests, as a 429 does
	 * (the pace stays: the server did not refuse anything).
	 */
	congested(sentAt: number, now: number): void {
		if (sentAt > this.cutAt) this.halve(now);
	}

	/**
	 * A place: at once when one is free and nobody waits, else in turn, for at most `waitMs`; `most()`
	 * is the most requests (not overdue) this one accepts in flight with it. One whose `most` does
	 * not fit lets those behind it by, but only for `passedMs`, rather than be passed for ever. The
	 * time it waited in line (0 when a place was free at once), or `undefined` when it gave up (or
	 * `shed` aborted). Throws the cancellation's error when cancelled first.
	 */
	async take(
		cancellation: Cancellation,
		most = () => Infinity,
		waitMs = Infinity,
		passedMs = Infinity,
		shed?: AbortSignal,
	): Promise<number | undefined> {
		if (this.queue.length === 0 && this.roomFor(1, most())) {
			this.taken++;
			return 0;
		}
		const queuedAt = monotonicNow();
		return await new Promise<number | undefined>((resolve, reject) => {
			let passed = false;
			const stops: Array<() => void> = [];
			/** Leaves the queue (handed a place, `taken` already counts it; given up; or cancelled). */
			const leave = () => {
				const index = this.queue.indexOf(handed);
				if (index !== -1) this.queue.splice(index, 1);
				for (const stop of stops) stop();
			};
			const giveUp = () => (leave(), resolve(undefined));
			const giveUpAfter = (ms: number) => {
				if (Number.isFinite(ms)) stops.push(cancellation.deadline(ms, giveUp));
			};
			const handed = {
				hand: () => (leave(), resolve(monotonicNow() - queuedAt)),
				most,
				passed: () => {
					if (passed) return;
					passed = true;
					giveUpAfter(passedMs);
				},
			};
			this.queue.push(handed);
			stops.push(cancellation.onCancel(() => (leave(), reject(cancellation.error()))));
			shed?.addEventListener('abort', giveUp);
			stops.push(() => shed?.removeEventListener('abort', giveUp));
			giveUpAfter(waitMs);
			// Those ahead may all be waiting for their own `most`: a place free for this one is its now.
			this.handOn();
		});
	}

	/**
	 * Waits for this send's turn: on a fast API, sends follow one another at the window's own rate,
	 * a window of them per round trip (`roundTripMs`, the endpoint's fastest recent answer), as TCP
	 * paces its segments. Answers read in one turn of the event loop would else release their sends
	 * in one burst, and a burst comes back as one: n8n's own work on each request (its credential's
	 * header, its HTTP client) then waits for the whole burst instead of overlapping the next round
	 * trip. A turn due within a millisecond goes at once (timers keep whole milliseconds); a
	 * cancelled one is given back.
	 */
	async spread(cancellation: Cancellation, roundTripMs: number): Promise<void> {
		const now = monotonicNow();
		const stepMs = roundTripMs / this.size;
		if (!(stepMs >= SPREAD_STEP_MS.min && stepMs <= SPREAD_STEP_MS.max)) return;
		const at = Math.max(now, this.spreadUntil);
		this.spreadUntil = at + stepMs;
		if (at - now < 1) return;
		let waited = false;
		try {
			await cancellation.sleep(at - now);
			waited = true;
		} finally {
			if (!waited) this.spreadUntil -= stepMs; // cancelled: the turn goes back
		}
	}

	/** A request in flight is overdue: its place in the window goes to the next in line. */
	markOverdue(): void {
		this.overdue++;
		this.handOn();
	}

	/** A place given back (`overdue`: by a request marked overdue): free places go to the next in line. */
	give(overdue = false): void {
		this.taken--;
		if (overdue) this.overdue--;
		this.handOn();
	}

	/** Whether the places taken still fit the window: it may have halved since they were handed out. */
	fits(): boolean {
		return this.roomFor(0);
	}

	/** Whether `more` places fit beside those taken: within the window (and `most`), and `cap()` in flight at most. */
	private roomFor(more: number, most = Infinity): boolean {
		const size = Math.min(Math.floor(this.size), Math.max(1, Math.floor(most)));
		return this.taken + more - this.overdue <= size && this.taken + more <= this.cap();
	}

	/**
	 * The most requests in flight, overdue ones included: twice the window, and at least 4 beyond
	 * it, so that two requests the server never answers cannot hold a window of 1 or 2 until their
	 * Timeout.
	 */
	cap(): number {
		const size = Math.floor(this.size);
		return Math.max(2 * size, size + 4);
	}

	private handOn(): void {
		// In turn; one whose `most` does not fit now lets those behind it by, rather than hold them.
		for (let i = 0; i < this.queue.length && this.roomFor(1); ) {
			if (!this.roomFor(1, this.queue[i].most())) {
				this.queue[i++].passed();
				continue;
			}
			this.taken++;
			this.queue.splice(i, 1)[0].hand();
		}
	}
}
