import type { Endpoint } from './endpoint';

/** What a request gets from its account's limiter: a turn to send (a slot), or a refusal. */
export interface Slot {
	readonly sentAt: number;
	readonly endpoint: Endpoint;
	/** Time spent at the server's gate, a documented limit or the pace: it counts against Max Rate Limit Wait. */
	readonly waitedMs: number;
	/** In flight for longer than its endpoint's overdue time: it no longer holds the window. */
	overdue: boolean;
	/** Cancels the timer that marks the request overdue. */
	readonly stopOverdueTimer: () => void;
}

/** Why a request was not sent: the wait it faced, over its budget, and the figures behind it. */
export interface Refusal {
	readonly refused: true;
	/** Requests waiting for a place or a pace turn when it was refused. */
	readonly ahead: number;
	/** Milliseconds between sends the learned pace asked for; 0 when none. */
	readonly intervalMs: number;
	/** Milliseconds left of a 429's hold or a documented limit's wait; 0 when none. */
	readonly holdMs: number;
	/** Set when refused because this many executions of the process already wait for rate limits (waiting.ts). */
	readonly executionsWaiting?: number;
}
