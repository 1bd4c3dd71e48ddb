/**
 * Where a séance lives: its event log (every event accepted, with what became of it) and its
 * projection (the state folded from the applied events). The DynamoDB adapter implements it; the
 * handlers only see this interface.
 */
import type { DomainError } from '#domain/errors';
import type { SessionState } from '#domain/session';
import type { SessionEvent } from '#events/session-events';

export type EventStatus = 'queued' | 'applied' | 'rejected';

export interface LoggedEvent {
  readonly event: SessionEvent;
  readonly status: EventStatus;
  /** When the API accepted the event and queued it. */
  readonly acceptedAt: string;
  /** Its place in the request that brought it: events accepted together keep their order. */
  readonly order?: number;
  /** Position in the séance's log, given when the event is processed. */
  readonly seq?: number;
  readonly processedAt?: string;
  /** Why the event was rejected, when it was. */
  readonly error?: DomainError;
}

export interface SessionRecord {
  /** Undefined until a SessionOpened event is applied. */
  readonly state: SessionState | undefined;
  /** Events processed so far, applied or rejected: the next event's position in the log. */
  readonly logLength: number;
}

export interface SessionStore {
  load(sessionId: string): Promise<SessionRecord>;
  /** The log: processed events by position, then events still queued in the order they were accepted. */
  events(sessionId: string): Promise<LoggedEvent[]>;
  /** The log entries of these event ids, for those the log holds. */
  find(sessionId: string, eventIds: readonly string[]): Promise<Map<string, LoggedEvent>>;
  /** Appends an accepted event as queued; false when the log holds this eventId already. */
  append(entry: LoggedEvent): Promise<boolean>;
  /** Records what processing made of a logged event (its position, status and reason). */
  recordOutcome(entry: LoggedEvent & { seq: number; processedAt: string }): Promise<void>;
  /**
   * Writes the projection after the event at position `logLength - 1`; refused (ProjectionConflictError)
   * unless the stored projection is the one that event was applied to.
   */
  commit(sessionId: string, record: SessionRecord): Promise<void>;
}

/** The projection moved since it was read: another writer got there first. */
export class ProjectionConflictError extends Error {
  constructor(sessionId: string, expected: number) {
    super(`the projection of session ${sessionId} is no longer at log position ${expected}`);
    this.name = 'ProjectionConflictError';
  }
}
