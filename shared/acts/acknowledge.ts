/**
 * What follows the préfecture's answer. An acknowledgement (ARActe) first renders and stores the
 * stamped copy — "Transmis en préfecture le … — ID : …" — then marks the transmission acknowledged,
 * from `sent` or `queued` only: a second acknowledgement of the same act changes nothing. A refusal
 * (AnomalieActe) marks it refused with the préfecture's reason. An assembly publishing automatically
 * has the act published then too (`publish-act.ts`, CGCT L2131-1). A cancellation marks it cancelled.
 * Each is counted (ActsAcknowledged, ActsRefused, ActsCancelled) by the call that moved the
 * transmission, never by one finding it answered already. A reply that the act still waits changes nothing here.
 */
import type { ActStore, TransmissionRecord } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import type { PrefectureReply } from '#ports/prefecture';
import type { SessionStore } from '#ports/session-store';
import { count } from '#runtime/observability';
import { loadAct, type Act } from './act-documents.ts';
import { publish } from './publish-act.ts';
import { storeExtract } from './store-extract.ts';

export interface ReplyDeps {
  readonly sessions: SessionStore;
  readonly acts: ActStore;
  readonly documents: DocumentStore;
  readonly now: () => Date;
}

/** What the caller has read already (the transmission as it just recorded it, the act), not read again. */
export interface KnownAct {
  readonly transmission: TransmissionRecord;
  readonly act: Act;
}

export async function applyReply(
  actesId: string,
  reply: PrefectureReply,
  deps: ReplyDeps,
  known?: KnownAct,
): Promise<'acknowledged' | 'refused' | 'cancelled' | 'unchanged'> {
  if (reply.status === 'waiting') return 'unchanged';
  const transmission = known?.transmission ?? (await deps.acts.getTransmission(actesId));
  if (!transmission || (transmission.status !== 'sent' && transmission.status !== 'queued')) return 'unchanged';
  if (reply.status === 'cancelled') {
    const moved = await deps.acts.updateTransmission(actesId, ['queued', 'sent'], {
      status: 'cancelled',
      cancelledAt: deps.now().toISOString(),
      cancellation: { detail: reply.detail },
    });
    if (moved) count('ActsCancelled');
    return moved ? 'cancelled' : 'unchanged';
  }
  if (reply.status === 'refused') {
    const anomaly = { detail: reply.detail, ...(reply.nature && { nature: reply.nature }) };
    const moved = await deps.acts.updateTransmission(actesId, ['queued', 'sent'], { status: 'refused', anomaly });
    if (moved) count('ActsRefused');
    return moved ? 'refused' : 'unchanged';
  }
  const act =
    known?.act ?? (await loadAct(deps.sessions, { siren: transmission.siren, sessionId: transmission.sessionId }, transmission.item));
  if (!act) throw new Error(`act ${actesId} has no séance ${transmission.sessionId} item ${transmission.item}`);
  const stamped = await storeExtract(act, deps.documents, { receivedOn: reply.receivedOn, actesId: reply.idActe });
  await deps.acts.recordStamped(actesId, { ...stamped.keys, sha256: stamped.sha256 });
  // Before the acknowledgement is recorded, so that a failed publication is tried again with the next poll.
  if (act.state.assembly.publication === 'automatic') await publish(act, reply.receivedOn, deps);
  const moved = await deps.acts.updateTransmission(actesId, ['queued', 'sent'], {
    status: 'acknowledged',
    acknowledgedAt: deps.now().toISOString(),
    receivedOn: reply.receivedOn,
  });
  if (moved) count('ActsAcknowledged');
  // The préfecture holds a newer classification current: the next act fetches it first.
  if (reply.classificationDate) await deps.acts.announceClassification(transmission.siren, reply.classificationDate);
  return moved ? 'acknowledged' : 'unchanged';
}
