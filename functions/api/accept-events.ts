/**
 * POST /assemblies/{siren}/sessions/{sessionId}/events: checks a batch of events against the
 * contract and against the séance as it will stand once the events already queued are applied, then
 * logs them as queued. Checked all or nothing: one bad event and none is recorded. An eventId the
 * log already holds is a duplicate, answered as accepted.
 *
 * Posts to one séance are recorded one at a time (a lease on the séance, waited for a few seconds,
 * then 503 to post again): each checks and logs against the log as the previous one left it. What
 * goes to the FIFO queue is what the post appended, after any event left queued by a post that died
 * before sending it. session-events applies a séance's events in the order they were accepted,
 * taking those still queued before a later one from the log, so a post that failed half-way is
 * finished by the next, and a copy of a batch posted twice at once sends it once.
 */
import { randomUUID } from 'node:crypto';
import { numberTaken } from '#domain/act-identity';
import { missingAnnexes } from '#acts/annexes';
import { classificationRefusals } from '#domain/classification-check';
import { reject, sessionTooLarge, type DomainError } from '#domain/errors';
import { applyEvent } from '#domain/session';
import { parseSessionEvent, type ContractViolation, type SessionEvent } from '#events/session-events';
import { sessionEventMessage } from '#messages/session-event-message';
import type { ActStore } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import type { MessageQueue } from '#ports/message-queue';
import type { LogEntry, LoggedEvent, SessionKey, SessionRecord, SessionStore } from '#ports/session-store';
import type { Principal } from '#runtime/access-tokens';
import { echoable, HttpError, json, type Response } from './http.ts';

export const MAX_EVENTS_PER_REQUEST = 100;

/**
 * How long a post holds its séance at most — a little more than the API function's 10 s timeout,
 * so that a post cut off by it frees the séance soon — and how long another post waits for it.
 */
const LEASE_MS = 12_000;
const WAIT_MS = 4_000;

export interface AcceptEventsDeps {
  readonly sessions: SessionStore;
  readonly acts: Pick<ActStore, 'holders' | 'getClassification'>;
  /** Where the annexes an agenda lists were uploaded. */
  readonly documents: Pick<DocumentStore, 'head'>;
  readonly queue: MessageQueue;
  readonly now: () => Date;
}

interface InvalidEvent {
  index: number;
  eventId?: string;
  violations: ContractViolation[];
}

interface RefusedEvent extends DomainError {
  index: number;
  eventId: string;
}

export async function acceptEvents(key: SessionKey, body: unknown, principal: Principal, deps: AcceptEventsDeps): Promise<Response> {
  if (principal.role !== 'secretariat')
    throw new HttpError(403, 'forbidden', `the ${principal.role} role does not record session events; the secretariat does`);
  const events = parseBatch(key, body);
  const owner = randomUUID();
  await leaseSession(key, owner, deps);
  try {
    return await recordBatch(key, events, principal, deps);
  } finally {
    await deps.sessions.release(key, owner);
  }
}

/** Waits for the séance's posting lease, then holds it; 503 when another post keeps it too long. */
async function leaseSession(key: SessionKey, owner: string, deps: AcceptEventsDeps): Promise<void> {
  const deadline = deps.now().getTime() + WAIT_MS;
  for (let pause = 25; ; pause = Math.min(pause * 2, 400)) {
    const now = deps.now();
    if (await deps.sessions.lease(key, owner, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString())) return;
    if (now.getTime() > deadline)
      throw new HttpError(503, 'busy', `another request is recording events of séance ${key.sessionId}; post again`, {
        retryAfterSeconds: 2,
      });
    await new Promise((done) => setTimeout(done, pause));
  }
}

async function recordBatch(
  key: SessionKey,
  events: readonly SessionEvent[],
  principal: Principal,
  deps: AcceptEventsDeps,
): Promise<Response> {
  // The projection first, then the log: whatever is processed in between is in the log with a position.
  const { record, log, pending } = await deps.sessions.loadWithLog(key);
  const logged = new Set(log.map((entry) => entry.eventId));

  const batch = events.filter((event) => !logged.has(event.eventId));
  const refused = [
    ...precheck(record, pending, events, logged, deps.sessions),
    ...(await numbersHeldElsewhere(key, events, logged, deps.acts)),
    ...(await annexesNotUploaded(key, events, logged, deps.documents)),
    ...(await outsideClassification(key, events, logged, deps.acts)),
  ];
  if (refused.length > 0)
    return json(422, { error: 'rule_violation', message: 'events break the rules of the séance; none was recorded', events: refused });

  const acceptedAt = deps.now().toISOString();
  const postedBy = { sub: principal.sub, role: principal.role, scope: principal.scope };
  const appended = await deps.sessions.append(key, batch, { acceptedAt, postedBy });
  await sendQueued(key, log, appended, deps);
  const accepted = appended.map((entry) => entry.eventId);
  return json(202, { accepted, duplicates: events.map((e) => e.eventId).filter((id) => !accepted.includes(id)) });
}

/**
 * Sends what this post appended, after the events of earlier posts still queued whose post may have
 * died before sending them: those accepted longer ago than a lease lasts (a post still alive holds
 * its lease). Under the lease the log is as read before appending, plus what was appended.
 */
async function sendQueued(key: SessionKey, log: readonly LogEntry[], appended: readonly LogEntry[], deps: AcceptEventsDeps): Promise<void> {
  const abandoned = deps.now().getTime() - LEASE_MS;
  const unsent = log.filter((entry) => entry.status === 'queued' && Date.parse(entry.acceptedAt) < abandoned);
  await deps.queue.send([...unsent, ...appended].map((entry) => sessionEventMessage(key, entry.eventId)));
}

/** One event or `{"events": [...]}`, each valid against the contract and addressed to this séance. */
function parseBatch(key: SessionKey, body: unknown): SessionEvent[] {
  const isBatch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
  const raw = isBatch ? (body as { events: unknown }).events : [body];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_EVENTS_PER_REQUEST)
    throw new HttpError(400, 'invalid_body', `the body must be one event or {"events": [...]} with 1 to ${MAX_EVENTS_PER_REQUEST} events`);
  const invalid: InvalidEvent[] = [];
  const events: SessionEvent[] = [];
  const seen = new Set<string>();
  raw.forEach((input, index) => {
    const parsed = parseSessionEvent(input);
    const eventId = echoable(typeof input === 'object' && input !== null ? (input as { eventId?: unknown }).eventId : undefined);
    if (!parsed.ok) return void invalid.push({ index, ...(eventId !== undefined && { eventId }), violations: parsed.violations });
    const { event } = parsed;
    const violations: ContractViolation[] = [];
    if (event.sessionId !== key.sessionId)
      violations.push({ field: 'sessionId', message: `must be the séance of the URL, "${key.sessionId}"` });
    if (event.type === 'SessionOpened' && event.payload.assembly.siren !== key.siren)
      violations.push({ field: 'payload.assembly.siren', message: `must be the collectivité of the URL, "${key.siren}"` });
    if (seen.has(event.eventId)) violations.push({ field: 'eventId', message: 'appears more than once in this request' });
    seen.add(event.eventId);
    if (violations.length > 0) invalid.push({ index, eventId: event.eventId, violations });
    else events.push(event);
  });
  if (invalid.length > 0)
    throw new HttpError(400, 'invalid_events', 'events break the event contract; none was recorded', { events: invalid });
  return events;
}

/** The numbers of an opening that another séance of the collectivité holds already: the consumer would reject it. */
async function numbersHeldElsewhere(
  key: SessionKey,
  events: readonly SessionEvent[],
  logged: ReadonlySet<string>,
  acts: AcceptEventsDeps['acts'],
): Promise<RefusedEvent[]> {
  const refused: RefusedEvent[] = [];
  for (const [index, event] of events.entries()) {
    if (event.type !== 'SessionOpened' || logged.has(event.eventId)) continue;
    const holders = await acts.holders(event.payload.items.map((item) => ({ siren: key.siren, numero: item.number })));
    const position = holders.findIndex((holder) => holder !== undefined && holder !== key.sessionId);
    if (position < 0) continue;
    const taken = numberTaken(event.payload.items[position]!.number, holders[position]!, position);
    if (!taken.ok) refused.push({ index, eventId: event.eventId, ...taken.error });
  }
  return refused;
}

/** What an opening lists that the préfecture's classification, when one is kept, does not know. */
async function outsideClassification(
  key: SessionKey,
  events: readonly SessionEvent[],
  logged: ReadonlySet<string>,
  acts: AcceptEventsDeps['acts'],
): Promise<RefusedEvent[]> {
  const openings = [...events.entries()].filter(([, event]) => event.type === 'SessionOpened' && !logged.has(event.eventId));
  if (openings.length === 0) return [];
  const kept = await acts.getClassification(key.siren);
  if (!kept) return [];
  return openings.flatMap(([index, event]) =>
    event.type === 'SessionOpened'
      ? classificationRefusals(event.payload.items, kept.classification).map((error) => ({ index, eventId: event.eventId, ...error }))
      : [],
  );
}

/** The annexes an opening lists that the collectivité never uploaded: nothing could transmit them. */
async function annexesNotUploaded(
  key: SessionKey,
  events: readonly SessionEvent[],
  logged: ReadonlySet<string>,
  documents: AcceptEventsDeps['documents'],
): Promise<RefusedEvent[]> {
  const refused: RefusedEvent[] = [];
  for (const [index, event] of events.entries()) {
    if (event.type !== 'SessionOpened' || logged.has(event.eventId)) continue;
    for (const missing of await missingAnnexes(key.siren, event.payload.items, documents)) {
      const { error } = reject(
        'UNKNOWN_ANNEX',
        {
          fr: `aucune annexe ${missing.file} n'a été déposée pour la collectivité ${key.siren} : déposez le fichier avant l'ouverture qui la cite`,
          en: `no annex ${missing.file} was uploaded for the collectivité ${key.siren}: upload the file before the opening that lists it`,
        },
        { field: missing.field },
      );
      refused.push({ index, eventId: event.eventId, ...error });
    }
  }
  return refused;
}

/**
 * The séance as it will stand: the projection, then the events accepted after it (queued, or
 * processed after it was read), then the batch, in order.
 */
function precheck(
  record: SessionRecord,
  pending: readonly LoggedEvent[],
  events: readonly SessionEvent[],
  logged: ReadonlySet<string>,
  sessions: Pick<SessionStore, 'fits'>,
): RefusedEvent[] {
  let state = record.state;
  for (const entry of pending) {
    if (entry.status === 'rejected') continue;
    const next = applyEvent(state, entry.event);
    if (next.ok) state = next.value;
  }
  const refused: RefusedEvent[] = [];
  events.forEach((event, index) => {
    if (logged.has(event.eventId)) return;
    const next = applyEvent(state, event);
    // An opening brings most of a séance's size: one whose projection would not fit is refused here.
    if (next.ok && event.type === 'SessionOpened' && !sessions.fits(next.value))
      refused.push({ index, eventId: event.eventId, ...sessionTooLarge(event.sessionId).error });
    else if (next.ok) state = next.value;
    else refused.push({ index, eventId: event.eventId, ...next.error });
  });
  return refused;
}
