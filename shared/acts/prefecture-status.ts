/**
 * What the préfecture side reports of an act beyond its answer — S²LOW's status of the transaction —
 * kept on the transmission when it changes, so the secretariat sees where the act stands and since
 * when. A status that needs a person (a transaction to confirm or sign in S²LOW, an error to read)
 * raises a failure record of kind `attention` for the administrators, once per act and status; the
 * record closes itself when the préfecture side reports another state.
 */
import { failureId } from '#failures/queue-messages';
import type { TransmissionRequest } from '#messages/transmission-request';
import type { ActStore, TransmissionRecord } from '#ports/act-store';
import type { FailureStore } from '#ports/failure-store';
import type { PrefectureReply, PrefectureStatus } from '#ports/prefecture';

export interface ReportedDeps {
  readonly acts: ActStore;
  readonly failures: Pick<FailureStore, 'record' | 'close'>;
  readonly now: () => Date;
}

/** The failure record of an act waiting for a person in a status: one per act and status. */
const attentionId = (actesId: string, code: string) => failureId('transmissions', `attention\n${actesId}\n${code}`);

/** Keeps the reported state when it changed; raises or closes the record of a person's attention. */
export async function noteReported(transmission: TransmissionRecord, reply: PrefectureReply, deps: ReportedDeps): Promise<void> {
  const reported = reply.reported;
  if (!reported) return;
  const previous = transmission.reported;
  if (previous?.code === reported.code) return;
  const at = deps.now().toISOString();
  // The transmission moved meanwhile (answered, cancelled): what it reports now is for the next poll.
  if (!(await deps.acts.updateTransmission(transmission.actesId, [transmission.status], { reported: { ...reported, since: at } }))) return;
  if (previous?.attention) await deps.failures.close(attentionId(transmission.actesId, previous.code), at);
  if (reported.attention) await raise(transmission, reported, at, deps);
}

async function raise(transmission: TransmissionRecord, reported: PrefectureStatus, at: string, deps: ReportedDeps): Promise<void> {
  const request: TransmissionRequest = { type: 'TransmissionRequested', version: 1, actesId: transmission.actesId };
  await deps.failures.record({
    id: attentionId(transmission.actesId, reported.code),
    queue: 'transmissions',
    function: 'pollAcknowledgements',
    kind: 'attention',
    body: JSON.stringify(request),
    error: {
      name: 'PrefectureStatus',
      message: `${transmission.connector} : statut ${reported.code} (${reported.label}) — ${reported.meaning} ; à faire : ${reported.attention}`,
    },
    attempts: 1,
    firstAttemptAt: at,
    failedAt: at,
    concerns: { siren: transmission.siren, sessionId: transmission.sessionId, item: transmission.item, actesId: transmission.actesId },
  });
}

/** What needed a person for a transmission that leaves the préfecture side's hands no longer does. */
export async function closeAttention(
  transmission: TransmissionRecord,
  deps: { readonly failures: Pick<FailureStore, 'close'>; readonly now: () => Date },
): Promise<void> {
  if (transmission.reported?.attention)
    await deps.failures.close(attentionId(transmission.actesId, transmission.reported.code), deps.now().toISOString());
}
