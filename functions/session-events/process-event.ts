/**
 * One session event through the pure core, exactly once in effect: the log entry keeps its position,
 * the follow-up work is handed on before the projection moves, and the projection moves only from
 * the position the event was applied to. A crash anywhere means the event is processed again, to the
 * same result; a duplicate finds its position already behind the projection and changes nothing.
 */
import { numberTaken } from '#domain/act-identity';
import type { Result } from '#domain/errors';
import { applyEvent, type SessionState } from '#domain/session';
import type { SessionEvent } from '#events/session-events';
import type { CertificationRequest } from '#messages/certification-request';
import type { ActNumber, ActStore } from '#ports/act-store';
import type { MessageQueue } from '#ports/message-queue';
import type { EventStatus, SessionStore } from '#ports/session-store';

export interface ProcessEventDeps {
  readonly sessions: SessionStore;
  readonly acts: Pick<ActStore, 'claim' | 'release'>;
  readonly certification: MessageQueue;
  readonly now: () => Date;
}

export type ProcessOutcome = { readonly status: Exclude<EventStatus, 'queued'> | 'duplicate'; readonly seq: number };

export async function processSessionEvent(event: SessionEvent, deps: ProcessEventDeps): Promise<ProcessOutcome> {
  const { sessions } = deps;
  const record = await sessions.load(event.sessionId);
  const logged = (await sessions.find(event.sessionId, [event.eventId])).get(event.eventId);
  if (logged?.seq !== undefined && logged.seq < record.logLength) return { status: 'duplicate', seq: logged.seq };

  const seq = record.logLength;
  const processedAt = deps.now().toISOString();
  const applied = applyEvent(record.state, event);
  const result = applied.ok && event.type === 'SessionOpened' ? await claimNumbers(applied.value, deps.acts) : applied;
  await sessions.recordOutcome({
    event,
    acceptedAt: logged?.acceptedAt ?? processedAt,
    ...(logged?.order !== undefined && { order: logged.order }),
    seq,
    processedAt,
    status: result.ok ? 'applied' : 'rejected',
    ...(!result.ok && { error: result.error }),
  });
  if (result.ok) await handOn(event, result.value, deps.certification);
  await sessions.commit(event.sessionId, { state: result.ok ? result.value : record.state, logLength: seq + 1 });
  return { status: result.ok ? 'applied' : 'rejected', seq };
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
  if (!item?.vote?.outcome.adopted) return;
  const request: CertificationRequest = {
    type: 'CertificationRequested',
    version: 1,
    sessionId: state.sessionId,
    item: item.number,
    actesId: item.actesId,
    eventId: event.eventId,
  };
  await certification.send([{ body: JSON.stringify(request) }]);
}
