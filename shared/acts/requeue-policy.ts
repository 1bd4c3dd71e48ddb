/**
 * When an act still queued for the préfecture is asked for again. Its message lives in the
 * transmissions queue for a known window (the visibility timeout times the receives before the
 * dead-letter queue); only after that window can it be dead, so only then is another one sent — one
 * message in flight per act. Each new request waits longer than the last (doubling, capped), with
 * jitter, so an outage of hours sends a few messages per act, not one a minute.
 */

export interface RequeuePolicy {
  /** How long a transmission message can stay in flight before it reaches the dead-letter queue. */
  readonly inFlightMinutes: number;
  /** The wait after the first window, doubled at each request, up to `maxBackoffMinutes`. */
  readonly backoffMinutes: number;
  readonly maxBackoffMinutes: number;
}

/** The policy for messages in flight `inFlightMinutes` at most (the function's TRANSMISSION_IN_FLIGHT_MINUTES). */
export const requeuePolicy = (inFlightMinutes: number): RequeuePolicy => ({
  inFlightMinutes,
  backoffMinutes: 15,
  maxBackoffMinutes: 6 * 60,
});

/**
 * The time from which an act whose last message was sent at `requestedAt`, after `requeues`
 * requests already, may be asked for again. `jitter` (0 to 1, a random draw) spreads acts asked for
 * together over ±25 % of the wait.
 */
export function requeueDueAt(requestedAt: string, requeues: number, jitter: number, policy: RequeuePolicy): string {
  const backoff = Math.min(policy.backoffMinutes * 2 ** requeues, policy.maxBackoffMinutes) * (0.75 + 0.5 * jitter);
  return new Date(new Date(requestedAt).getTime() + (policy.inFlightMinutes + backoff) * 60_000).toISOString();
}
