/**
 * The one clock of every hold, send time, pace, deadline, latency span and idle time: monotonic, so
 * that a step of the wall clock (NTP, a VM resumed, a changed time zone setting) moves no hold, turn
 * or Timeout. The wall clock (`Date.now()`) only turns a Retry-After date into a duration.
 */
export function monotonicNow(): number {
	return performance.now();
}
