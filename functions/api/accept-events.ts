/**
 * POST /sessions/{sessionId}/events: checks a batch of events against the contract and against the
 * séance as it will stand once the events already queued are applied, then logs them as queued and
 * sends them to the FIFO queue in order. Checked all or nothing: one bad event and none is recorded.
 * An eventId the log already holds is a duplicate, answered as accepted; if it is still queued it is
 * sent again, since the consumer ignores what it has already processed.
 */
import { numberTaken } from '#domain/act-identity';
import type { DomainError } from '#domain/errors';
import { applyEvent } from '#domain/session';
import { parseSessionEvent, type ContractViolation, type SessionEvent } from '#events/session-events';
import type { ActStore } from '#ports/act-store';
import type { MessageQueue } from '#ports/message-queue';
import type { LoggedEvent, SessionRecord, SessionStore } from '#ports/session-store';
import { inScope, type Principal } from '#runtime/access-tokens';
import { HttpError, json, type Response } from './http.ts';

export const MAX_EVENTS_PER_REQUEST = 100;

export interface AcceptEventsDeps {
  readonly sessions: SessionStore;
  readonly acts: Pick<ActStore, 'holder'>;
  readonly queue: MessageQueue;
  readonly now: () => Date;
}

interface InvalidEvent {
  index: number;
  eventId?: unknown;
  violations: ContractViolation[];
}

interface RefusedEvent extends Omit<DomainError, 'message'> {
  index: number;
  eventId: string;
  message: DomainError['message'];
}

export async function acceptEvents(sessionId: string, body: unknown, principal: Principal, deps: AcceptEventsDeps): Promise<Response> {
  if (principal.role !== 'secretariat')
    throw new HttpError(403, 'forbidden', `the ${principal.role} role does not record session events; the secretariat does`);
  const events = parseBatch(sessionId, body);
  // The projection first, then the log: whatever is processed in between is in the log with a position.
  const record = await deps.sessions.load(sessionId);
  const log = await deps.sessions.events(sessionId);
  const logged = new Map(log.map((entry) => [entry.event.eventId, entry]));
  checkScope(principal, sessionId, events, log);

  const refused = [...precheck(record, log, events, logged), ...(await numbersHeldElsewhere(sessionId, events, logged, deps.acts))];
  if (refused.length > 0)
    return json(422, { error: 'rule_violation', message: 'events break the rules of the séance; none was recorded', events: refused });

  const fresh: SessionEvent[] = [];
  const duplicates: string[] = [];
  const resend: SessionEvent[] = [];
  const acceptedAt = deps.now().toISOString();
  for (const [order, event] of events.entries()) {
    const previous = logged.get(event.eventId);
    if (previous) {
      duplicates.push(event.eventId);
      if (previous.status === 'queued') resend.push(previous.event);
    } else if (await deps.sessions.append({ event, status: 'queued', acceptedAt, order })) fresh.push(event);
    else duplicates.push(event.eventId);
  }
  await deps.queue.send(
    [...resend, ...fresh].map((event) => ({ body: JSON.stringify(event), groupId: event.sessionId, deduplicationId: event.eventId })),
  );
  return json(202, { accepted: fresh.map((e) => e.eventId), duplicates });
}

/** One event or `{"events": [...]}`, each valid against the contract and addressed to this séance. */
function parseBatch(sessionId: string, body: unknown): SessionEvent[] {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
  const raw = isBatch ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_EVENTS_PER_REQUEST)
    throw new HttpError(400, 'invalid_body', `the body must be one event or {"events": [...]} with 1 to ${MAX_EVENTS_PER_REQUEST} events`);
  const invalid: InvalidEvent[] = [];
  const events: SessionEvent[] = [];
  const seen = new Set<string>();
  raw.forEach((input, index) => {
    const parsed = parseSessionEvent(input);
    const eventId = typeof input === 'object' && input !== null ? (input as { eventId?: unknown }).eventId : undefined;
    if (!parsed.ok) return void invalid.push({ index, eventId, violations: parsed.violations });
    const violations: ContractViolation[] = [];
    if (parsed.event.sessionId !== sessionId)
      violations.push({ field: 'sessionId', message: `must be the séance of the URL, "${sessionId}"` });
    if (seen.has(parsed.event.eventId)) violations.push({ field: 'eventId', message: 'appears more than once in this request' });
    seen.add(parsed.event.eventId);
    if (violations.length > 0) invalid.push({ index, eventId, violations });
    else events.push(parsed.event);
  });
  if (invalid.length > 0)
    throw new HttpError(400, 'invalid_events', 'events break the event contract; none was recorded', { events: invalid });
  return events;
}

/** The bearer must act for the séance's assembly, as the log or the batch's SessionOpened names it. */
function checkScope(principal: Principal, sessionId: string, events: readonly SessionEvent[], log: readonly LoggedEvent[]): void {
  const opening = [...log.filter((entry) => entry.status !== 'rejected').map((entry) => entry.event), ...events].find(
    (e) => e.type === 'SessionOpened',
  );
  const siren = opening?.type === 'SessionOpened' ? opening.payload.assembly.siren : undefined;
  if (siren !== undefined && !inScope(principal, siren))
    throw new HttpError(403, 'forbidden', `this token does not act for the assembly ${siren} of séance ${sessionId}`);
}

/** The numbers of an opening that another séance holds already: the consumer would reject it. */
async function numbersHeldElsewhere(
  sessionId: string,
  events: readonly SessionEvent[],
  logged: ReadonlyMap<string, LoggedEvent>,
  acts: AcceptEventsDeps['acts'],
): Promise<RefusedEvent[]> {
  const refused: RefusedEvent[] = [];
  for (const [index, event] of events.entries()) {
    if (event.type !== 'SessionOpened' || logged.has(event.eventId)) continue;
    for (const [position, item] of event.payload.items.entries()) {
      const holder = await acts.holder({ siren: event.payload.assembly.siren, numero: item.number });
      if (holder === undefined || holder === sessionId) continue;
      const taken = numberTaken(item.number, holder, position);
      if (!taken.ok) refused.push({ index, eventId: event.eventId, ...taken.error });
      break;
    }
  }
  return refused;
}

/**
 * The séance as it will stand: the projection, then the events it has not taken yet (queued, or
 * processed after it was read), then the batch, in order.
 */
function precheck(
  record: SessionRecord,
  log: readonly LoggedEvent[],
  events: readonly SessionEvent[],
  logged: ReadonlyMap<string, LoggedEvent>,
): RefusedEvent[] {
  let state = record.state;
  for (const entry of log) {
    if (entry.status === 'rejected' || (entry.seq !== undefined && entry.seq < record.logLength)) continue;
    const next = applyEvent(state, entry.event);
    if (next.ok) state = next.value;
  }
  const refused: RefusedEvent[] = [];
  events.forEach((event, index) => {
    if (logged.has(event.eventId)) return;
    const next = applyEvent(state, event);
    if (next.ok) state = next.value;
    else refused.push({ index, eventId: event.eventId, ...next.error });
  });
  return refused;
}
