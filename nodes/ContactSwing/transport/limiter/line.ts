import type { Cancellation } from '../cancellation';
import { monotonicNow } from '../clock';
import type { Refusal } from './turn';
import { LONG_WAIT_MS, waitingExecutions } from './waiting';

/** The most requests one account keeps waiting for a place or a pace turn: past it, a request is refused at once. */
const MAX_LINE = 5000;

/** The reason a shed request's waits end with: one Error made once. */
const SHED = new Error('shed');

/** What a waiter reads of its account, for its endpoint. */
interface Account {
	/** Until when nothing may start: a 429's hold, a documented limit. */
	gate(): number;
	/** Its refusal now, with `ahead` waiting before it. */
	refusal(ahead: number): Refusal;
}

/**
 * One request waiting for its turn, against its budget (Max Rate Limit Wait): the time it has
 * waited that counts, and whether a turn still fits. Shed, every wait of it ends at once.
 */
export class Waiter {
	/**
	 * Time waited that counts against the budget: each wait at the gate, for a place and for a pace
	 * turn, whole (a place's too, so a Retry-After that comes while it waits for one counts from the start).
	 */
	waitedMs = 0;
	/** While a wait is under way: since when it counts (not yet in `waitedMs`). */
	private since: number | undefined;
	private readonly shedding = new AbortController();
	/** Its refusal once shed, with the figures as they stood then. */
	shedAs: Refusal | undefined;
	/** Ends its execution's wait for a rate limit, when it waits long (waiting.ts). */
	private endLongWait?: () => void;

	constructor(
		readonly budgetMs: number,
		private readonly cancellation: Cancellation,
		readonly account: Account,
		/** Whether its execution counts among those waiting for a rate limit (an editor dropdown is no execution). */
		private readonly counts = true,
	) {}

	/** Aborts when it is shed. */
	get shed(): AbortSignal {
		return this.shedding.signal;
	}

	/**
	 * Whether waiting until `time` stays within the budget (at once if it has passed, whatever a late
	 * timer added before). Once shed, nothing fits.
	 */
	fits(time: number): boolean {
		if (this.shedAs) return false;
		const now = monotonicNow();
		return time <= now || this.waitedMs + (time - (this.since ?? now)) <= this.budgetMs;
	}

	/** Waits until `time`, or until `interrupt` aborts (by default, until it is shed); the time really spent counts. */
	async until(time: number, interrupt = this.shed): Promise<void> {
		const since = (this.since = monotonicNow());
		await this.cancellation.sleep(time - since, interrupt);
		this.waitedMs += monotonicNow() - since;
		this.since = undefined;
	}

	/** Waits for a place: `queued` resolves to the time it waited in line (the window's measure, which counts), or `undefined` when it gave up. */
	async place(queued: Promise<number | undefined>): Promise<boolean> {
		this.since = monotonicNow();
		const queuedMs = await queued;
		this.since = undefined;
		this.waitedMs += queuedMs ?? 0;
		return queuedMs !== undefined;
	}

	/** Shed at once: refused with `ahead` waiting before it (by default for its budget). */
	drop(ahead: number, refusal = this.account.refusal(ahead)): void {
		this.shedAs = refusal;
		this.shedding.abort(SHED);
	}

	/**
	 * Its execution (its Cancellation) waits long for a rate limit while it waits: `false` when
	 * too many others already do.
	 */
	waitsLong(): boolean {
		if (!this.counts) return true;
		this.endLongWait ??= waitingExecutions.join(this.cancellation);
		return this.endLongWait !== undefined;
	}

	/**
	 * Whether a wait until `time` may begin: one that is long (over LONG_WAIT_MS) makes its execution
	 * count among those waiting (`waitsLong`), and may not begin when too many others already do.
	 */
	mayWaitUntil(time: number): boolean {
		return time - monotonicNow() <= LONG_WAIT_MS || this.waitsLong();
	}

	/** Its refusal because too many executions already wait long, with `ahead` waiting before it. */
	tooManyWaiting(ahead: number): Refusal {
		return { ...this.account.refusal(ahead), executionsWaiting: waitingExecutions.size };
	}

	/** It left the line: its execution no longer waits for it. */
	left(): void {
		this.endLongWait?.();
	}
}

/**
 * One account's line: each request from the moment its estimated wait let it in until it is sent
 * or leaves unsent, first come first (at the gate, for a place, or for its pace turn). A newcomer
 * waits behind all of it. When the wait of those in line may have grown (a 429's hold came, the
 * pace slowed), each one's turn is estimated again where it stands, by the rule that let it in, and
 * one whose turn no longer fits what is left of its budget is shed at once: else it would wait on
 * to the end of its budget, or be sent at its last moment into the 429s that slowed the line.
 */
export class Line {
	private readonly waiters = new Set<Waiter>();
	/**
	 * Since when someone has waited without a break. Read only while someone waits: with nobody
	 * ahead, an estimate has no one to multiply the line's speed by, and a reassessment nobody to shed.
	 */
	busySince = Infinity;

	get length(): number {
		return this.waiters.size;
	}

	/**
	 * Lets `waiter` in, its wait estimated at `estimateMs`, or refuses it at once: when that wait
	 * passes its budget, past MAX_LINE, or when it is long (over LONG_WAIT_MS) and
	 * MAX_WAITING_EXECUTIONS other executions of the process already wait long (waiting.ts).
	 */
	admit(waiter: Waiter, estimateMs: number): Refusal | undefined {
		const ahead = this.waiters.size;
		if (ahead >= MAX_LINE || estimateMs > waiter.budgetMs) return waiter.account.refusal(ahead);
		if (!waiter.mayWaitUntil(monotonicNow() + estimateMs)) return waiter.tooManyWaiting(ahead);
		if (!this.waiters.size) this.busySince = monotonicNow();
		this.waiters.add(waiter);
		return undefined;
	}

	leave(waiter: Waiter): void {
		this.waiters.delete(waiter);
		waiter.left();
	}

	/** How many wait ahead of `waiter`. */
	ahead(waiter: Waiter): number {
		let ahead = 0;
		for (const other of this.waiters) {
			if (other === waiter) break;
			ahead++;
		}
		return ahead;
	}

	/**
	 * Sheds each waiter whose turn no longer fits, and each whose wait, let in as short, is now long
	 * while MAX_WAITING_EXECUTIONS other executions wait long (else its execution now counts among
	 * them). `turns` yields the estimated turns of the line as it stands: the first in line's, then
	 * the next's; one shed leaves, and those behind move up. One pass, whatever the length of the line.
	 */
	reassess(turns: Iterator<number>): void {
		let turn = turns.next().value;
		let ahead = 0;
		for (const waiter of this.waiters) {
			const at = Math.max(turn, waiter.account.gate());
			const fits = waiter.fits(at);
			if (fits && waiter.mayWaitUntil(at)) {
				turn = turns.next().value;
				ahead++;
				continue;
			}
			this.leave(waiter);
			waiter.drop(ahead, fits ? waiter.tooManyWaiting(ahead) : undefined);
		}
	}
}
