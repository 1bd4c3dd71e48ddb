/**
 * One logged session event through the pure core — decided once by the rules, the fact recorded
 * beside it, then folded into the projection — exactly once in effect: the log entry keeps its
 * position, the follow-up work is handed on before the projection moves, and the projection moves
 * only from the position the event was applied to. A crash anywhere means the event is processed
 * again, to the same result; a duplicate finds its position already behind the projection and
 * changes nothing. An event whose poster does not act for the séance's collectivité is rejected.
 * Once the projection moves, an opening or a closing updates the séance's listing (the index the
 * console lists séances from); seen again as a duplicate, it writes the listing again.
 *
 * Events are processed in the order the API accepted them, whatever order their messages come in.
 * The projection's `lastAccepted` is the watermark: an entry accepted up to it is in the projection,
 * one accepted after it is not, whatever outcome its log entry already records. An event accepted
 * after others still outside the projection (their messages failed until the dead-letter queue, or a
 * projection write failed after their outcome was recorded) first has those processed. An outcome
 * already recorded is folded as recorded, never decided again; so a message replayed from the
 * dead-letter queue is applied exactly once, and one that keeps failing holds its séance back —
 * visibly, in the dead-letter queue — rather than letting later events jump ahead.
 */
import { numberTaken } from '#domain/act-identity';
import { ok, reject, sessionTooLarge, type Result } from '#domain/errors';
import { decide, fold, type Fact, type SessionState } from '#domain/session';
import { makesAnAct } from '#domain/session-state';
import type { SessionEvent } from '#events/session-events';
import type { CertificationRequest } from '#messages/certification-request';
import type { ActNumber, ActStore } from '#ports/act-store';
import type { MessageQueue } from '#ports/message-queue';
import type { EventStatus, LoggedEvent, SessionKey, SessionStore } from '#ports/session-store';
import { inScope } from '#runtime/access-tokens';
import { count } from '#runtime/observability';

export interface ProcessEventDeps {
  readonly sessions: SessionStore;
  readonly acts: Pick<ActStore, 'claim' | 'release'>;
  readonly certification: MessageQueue;
  readonly now: () => Date;
}

export type ProcessOutcome = { readonly status: Exclude<EventStatus, 'queued'> | 'duplicate'; readonly seq: number };

export async function processSessionEvent(
  key: SessionKey,
  eventId: string,
  deps: ProcessEventDeps,
  catchUp = true,
): Promise<ProcessOutcome> {
  const { sessions } = deps;
  const record = await sessions.load(key);
  const logged = (await sessions.find(key, [eventId])).get(eventId);
  // Only the API queues events, after logging them: a message without its entry is for an administrator.
  if (!logged) throw new Error(`no event ${eventId} is logged for séance ${key.siren}/${key.sessionId}`);
  if (logged.accepted <= record.lastAccepted) {
    // Its listing may have been cut off after the commit: it is written again from the projection.
    if (logged.status === 'applied' && listed(logged.event) && record.state) await sessions.index.record(record.state);
    return { status: 'duplicate', seq: logged.seq ?? -1 };
  }
  if (catchUp && logged.accepted > record.lastAccepted + 1) {
    const earlier = (await sessions.log(key))
      .filter((entry) => entry.accepted > record.lastAccepted && entry.accepted < logged.accepted)
      .sort((a, b) => a.accepted - b.accepted);
    for (const entry of earlier) await processSessionEvent(key, entry.eventId, deps, false);
    if (earlier.length > 0) return processSessionEvent(key, eventId, deps, false);
  }

  const seq = record.logLength;
  if (logged.seq !== undefined && logged.seq !== seq)
    throw new Error(
      `event ${eventId} of séance ${key.siren}/${key.sessionId} was recorded at position ${logged.seq}, the projection is at ${seq}: rebuild the séance`,
    );
  const result = logged.seq === undefined ? await decideOnce(key, logged, record.state, deps) : recorded(logged, record.state);
  const status = result.ok ? 'applied' : 'rejected';
  if (logged.seq === undefined)
    await sessions.recordOutcome(key, {
      eventId,
      seq,
      status,
      processedAt: deps.now().toISOString(),
      ...(result.ok ? { fact: result.value.fact } : { error: result.error }),
    });
  if (result.ok) await handOn(logged.event, result.value.state, deps.certification);
  await sessions.commit(key, {
    state: result.ok ? result.value.state : record.state,
    logLength: seq + 1,
    lastAccepted: logged.accepted,
  });
  // Counted once the projection has moved past the event: a duplicate stops before, and an outcome
  // recorded by an attempt that died before its commit is counted by the attempt that commits it.
  if (!result.ok && result.error.code === 'QUORUM_NOT_REACHED') count('QuorumNotReached');
  // After the commit, so a séance listed is always there to show; a crash before it is repaired as a duplicate.
  if (result.ok && listed(logged.event)) await sessions.index.record(result.value.state);
  return { status, seq };
}

/** The events that change how a séance is listed: its opening, its closing. */
function listed(event: SessionEvent): boolean {
  return event.type === 'SessionOpened' || event.type === 'SessionClosed';
}

type Decision = Result<{ readonly fact: Fact; readonly state: SessionState }>;

/** The rules, once: who posted it, then the séance's rules, its size, and its numbers for an opening. */
async function decideOnce(
  key: SessionKey,
  logged: LoggedEvent,
  state: SessionState | undefined,
  deps: ProcessEventDeps,
): Promise<Decision> {
  const allowed = posterAllowed(key, logged);
  const decided = allowed.ok ? decide(state, logged.event) : allowed;
  if (!decided.ok) return decided;
  const next = fold(state, decided.value);
  if (!deps.sessions.fits(next)) return sessionTooLarge(key.sessionId);
  const numbered = logged.event.type === 'SessionOpened' ? await claimNumbers(next, deps.acts) : ok(next);
  return numbered.ok ? ok({ fact: decided.value, state: numbered.value }) : numbered;
}

/** An outcome the log already holds (recorded before a projection write that failed), folded as it was decided. */
function recorded(logged: LoggedEvent, state: SessionState | undefined): Decision {
  if (logged.status === 'rejected') return { ok: false, error: logged.error! };
  if (!logged.fact) throw new Error(`event ${logged.eventId} is recorded as applied without its fact`);
  return ok({ fact: logged.fact, state: fold(state, logged.fact) });
}

/** The poster acts for the séance's collectivité, and an opening names that collectivité. */
function posterAllowed(key: SessionKey, logged: LoggedEvent): Result<undefined> {
  if (logged.postedBy.role !== 'secretariat' || !inScope(logged.postedBy, key.siren))
    return reject('POSTER_NOT_IN_SCOPE', {
      fr: `${logged.postedBy.sub} n'agit pas pour la collectivité ${key.siren}`,
      en: `${logged.postedBy.sub} does not act for the collectivité ${key.siren}`,
    });
  const { event } = logged;
  if (event.type === 'SessionOpened' && event.payload.assembly.siren !== key.siren)
    return reject(
      'OTHER_ASSEMBLY',
      {
        fr: `la séance appartient à la collectivité ${key.siren}, pas à ${event.payload.assembly.siren}`,
        en: `the séance belongs to the collectivité ${key.siren}, not to ${event.payload.assembly.siren}`,
      },
      { field: 'payload.assembly.siren' },
    );
  return { ok: true, value: undefined };
}

/**
 * A séance's numbers are claimed when it opens: a NumeroInterne is its collectivité's once. When
 * one is taken the opening is rejected and the numbers it claimed are given back.
 */
async function claimNumbers(state: SessionState, acts: ProcessEventDeps['acts']): Promise<Result<SessionState>> {
  const claimed: ActNumber[] = [];
  // In one order for every séance, so two openings claiming the same numbers cannot block each other.
  const byNumber = [...state.items.entries()].sort(([, a], [, b]) => a.number.localeCompare(b.number));
  for (const [index, item] of byNumber) {
    const number = { siren: state.assembly.siren, numero: item.number };
    const holder = await acts.claim(number, state.sessionId);
    if (holder === undefined) {
      claimed.push(number);
      continue;
    }
    for (const mine of claimed) await acts.release(mine, state.sessionId);
    return numberTaken(item.number, holder, index);
  }
  return { ok: true, value: state };
}

/** An adopted délibération, once signed, goes on to certification and transmission. */
async function handOn(event: SessionEvent, state: SessionState, certification: MessageQueue): Promise<void> {
  if (event.type !== 'ActSigned') return;
  const item = state.items.find((i) => i.number === event.payload.item);
  if (!item || !makesAnAct(item.vote)) return;
  const request: CertificationRequest = {
    type: 'CertificationRequested',
    version: 2,
    siren: state.assembly.siren,
    sessionId: state.sessionId,
    item: item.number,
    actesId: item.actesId,
    eventId: event.eventId,
  };
  await certification.send([{ body: JSON.stringify(request) }]);
}
