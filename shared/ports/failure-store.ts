/**
 * Where failed messages are kept for the administrators: one record per message (the same message
 * failing again, after a replay, updates its record), found by id, by status and by queue.
 */

/** `open`: waiting for an administrator; `replayed`: moved back to its queue; `resolved`: processed since. */
export type FailureStatus = 'open' | 'replayed' | 'resolved';
export const FAILURE_STATUSES = ['open', 'replayed', 'resolved'] as const satisfies readonly FailureStatus[];

/**
 * `error`: the work failed at its last attempt (the message then waits in the dead-letter queue);
 * `poison`: the body can never be read (not JSON, not the queue's message), so it is not retried and
 * the record alone keeps it; `attention`: the préfecture side waits for a person (a transaction to
 * confirm in S²LOW, an error to read) — no message to replay, the record closes itself once the
 * préfecture side moves on.
 */
export type FailureKind = 'error' | 'poison' | 'attention';

/** What the message is about, as far as its body says. */
export interface FailureConcerns {
  readonly siren?: string;
  readonly sessionId?: string;
  readonly eventId?: string;
  readonly item?: string;
  readonly actesId?: string;
}

/** One failure as the consumer saw it, at the last attempt it was given. */
export interface FailureReport {
  readonly id: string;
  /** The topology's queue id (`sessionEvents`, `certification`, `transmissions`) and the function consuming it. */
  readonly queue: string;
  readonly function: string;
  readonly kind: FailureKind;
  readonly body: string;
  /** FIFO queues: the message group (a séance), kept for a replay to send it back in its group. */
  readonly groupId?: string;
  readonly error: { readonly name: string; readonly message: string };
  /** Receives this delivery counted (added to those of earlier deliveries). */
  readonly attempts: number;
  /** When this delivery was first received, and when it failed last. */
  readonly firstAttemptAt: string;
  readonly failedAt: string;
  readonly concerns: FailureConcerns;
}

export interface FailureRecord extends Omit<FailureReport, 'failedAt' | 'firstAttemptAt'> {
  readonly status: FailureStatus;
  readonly firstFailedAt: string;
  readonly lastFailedAt: string;
  readonly replays: number;
  readonly replayedAt?: string;
  readonly resolvedAt?: string;
}

export interface FailureFilter {
  readonly status?: FailureStatus;
  readonly queue?: string;
}

export interface FailureStore {
  /** Records a failure, or adds this one to the record of the same message: open again, attempts summed. */
  record(report: FailureReport): Promise<void>;
  get(id: string): Promise<FailureRecord | undefined>;
  /** Newest failure first; every status when none is given. */
  list(filter: FailureFilter): Promise<FailureRecord[]>;
  /** The message went back to its queue. */
  markReplayed(id: string, at: string): Promise<void>;
  /** A replayed message was processed: its record is closed (only a replayed record moves to resolved). */
  markResolved(id: string, at: string): Promise<void>;
  /** What needed a person is done: an open `attention` record is closed. */
  close(id: string, at: string): Promise<void>;
}
