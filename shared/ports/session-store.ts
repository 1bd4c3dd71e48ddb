/**
 * Where a séance lives: its event log (every event accepted, who posted it, and what became of it)
 * and its projection (the state folded from the applied events). A séance is identified by its
 * collectivité and its id: two collectivités may use the same séance id without ever meeting. The
 * DynamoDB adapter implements it; the handlers only see this interface.
 */
import type { DomainError } from '#domain/errors';
import type { Fact, SessionState } from '#domain/session';
import type { SessionEvent } from '#events/session-events';
import type { SeanceIndex } from './seance-index.ts';

/** A séance: the SIREN of its collectivité and its id. */
export interface SessionKey {
  readonly siren: string;
  readonly sessionId: string;
}

export const sessionKeyOf = (state: SessionState): SessionKey => ({ siren: state.assembly.siren, sessionId: state.sessionId });

export type EventStatus = 'queued' | 'applied' | 'rejected';

/** Who posted an event: the bearer's subject, role and scope as the API verified them. */
export interface Poster {
  readonly sub: string;
  readonly role: string;
  readonly scope: '*' | readonly string[];
}

/** A log entry without the event's body: what the log view and the queue need. */
export interface LogEntry {
  readonly eventId: string;
  readonly type: SessionEvent['type'];
  readonly occurredAt: string;
  readonly status: EventStatus;
  /** When the API accepted the event. */
  readonly acceptedAt: string;
  /** The order of acceptance in the séance, given when the event is logged: queued events leave in this order. */
  readonly accepted: number;
  readonly postedBy: Poster;
  /** Position in the séance's log, given when the event is processed. */
  readonly seq?: number;
  readonly processedAt?: string;
  /** Why the event was rejected, when it was. */
  readonly error?: DomainError;
}

export interface LoggedEvent extends LogEntry {
  readonly event: SessionEvent;
  /** What the séance recorded, once the event is applied. */
  readonly fact?: Fact;
}

export interface SessionRecord {
  /** Undefined until a SessionOpened event is applied. */
  readonly state: SessionState | undefined;
  /** Events processed so far, applied or rejected: the next event's position in the log. */
  readonly logLength: number;
  /** The highest order of acceptance processed so far: an event accepted later waits for those before it. */
  readonly lastAccepted: number;
}

export interface Outcome {
  readonly eventId: string;
  readonly seq: number;
  readonly status: Exclude<EventStatus, 'queued'>;
  readonly processedAt: string;
  readonly error?: DomainError;
  /** What the séance recorded for an applied event: a rebuild folds these, without the rules. */
  readonly fact?: Fact;
}

export interface SessionStore {
  load(key: SessionKey): Promise<SessionRecord>;
  /** The log: processed events by position, then events still queued in the order they were accepted. */
  log(key: SessionKey): Promise<LogEntry[]>;
  /**
   * The projection, then the log, in one read: what `load` then `log` give, and the events the
   * projection has not taken in yet (accepted after its last), in the order they were accepted.
   */
  loadWithLog(key: SessionKey): Promise<{ readonly record: SessionRecord; readonly log: LogEntry[]; readonly pending: LoggedEvent[] }>;
  /** The log entries of these event ids, with their events, for those the log holds. */
  find(key: SessionKey, eventIds: readonly string[]): Promise<Map<string, LoggedEvent>>;
  /**
   * Logs accepted events as queued, in this order, after every event logged before them; returns
   * the entries of those the log did not hold yet. One writer at a time: the holder of the séance's
   * posting lease.
   */
  append(key: SessionKey, events: readonly SessionEvent[], accepted: { acceptedAt: string; postedBy: Poster }): Promise<LogEntry[]>;
  /**
   * Takes the séance's posting lease for `owner` until `until` (ISO time): false while another
   * owner holds a lease that has not run out. Posts to one séance are recorded one at a time.
   */
  lease(key: SessionKey, owner: string, now: string, until: string): Promise<boolean>;
  /** Gives the lease back, if `owner` still holds it. */
  release(key: SessionKey, owner: string): Promise<void>;
  /** Records what processing made of a logged event: its position (kept if given before), status, reason or fact. */
  recordOutcome(key: SessionKey, outcome: Outcome): Promise<void>;
  /** The facts of the events applied at positions below `before`, by position: what a rebuild of the projection folds. */
  facts(key: SessionKey, before: number): Promise<Fact[]>;
  /**
   * Writes the projection after the event at position `logLength - 1`; refused (ProjectionConflictError)
   * unless the stored projection is the one that event was applied to.
   */
  commit(key: SessionKey, record: SessionRecord): Promise<void>;
  /**
   * Replaces the projection's state, keeping its positions; refused (ProjectionConflictError) if the
   * projection moved since `record` was read. For an administrator's rebuild.
   */
  rewrite(key: SessionKey, record: SessionRecord): Promise<void>;
  /** Whether a projection fits where it is stored (a DynamoDB item, gzipped). */
  fits(state: SessionState): boolean;
  /** The séances listed by collectivité, which the consumer keeps beside the projections. */
  readonly index: SeanceIndex;
}

/** The projection moved since it was read: another writer got there first. */
export class ProjectionConflictError extends Error {
  constructor(key: SessionKey, expected: number) {
    super(`the projection of séance ${key.siren}/${key.sessionId} is no longer at log position ${expected}`);
    this.name = 'ProjectionConflictError';
  }
}
