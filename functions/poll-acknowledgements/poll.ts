/**
 * On a schedule: asks the préfecture side about every act sent and not yet answered, keeps the state
 * it reports (`prefecture-status.ts`) and applies the answers that came; an act the préfecture cannot
 * tell about now is asked again next time. Then it receives the préfecture's letters
 * (`receive-letters.ts`). It
 * also hands back to transmit-act the acts still queued once their message can only be dead — the
 * préfecture down for longer than the queue's retries last — each after a growing wait, so that none
 * stays unsent and none has two messages in flight.
 */
import { applyReply, type ReplyDeps } from '#acts/acknowledge';
import { noteReported, type ReportedDeps } from '#acts/prefecture-status';
import { receiveLetters, type ReceiveDeps } from '#acts/receive-letters';
import { requeueDueAt, type RequeuePolicy } from '#acts/requeue-policy';
import type { TransmissionRequest } from '#messages/transmission-request';
import type { MessageQueue } from '#ports/message-queue';
import type { PrefectureConnector } from '#ports/prefecture';

export interface PollDeps extends ReplyDeps, ReportedDeps, ReceiveDeps {
  readonly connector: PrefectureConnector;
  readonly transmissions: MessageQueue;
  /** When an act still queued is asked for again. */
  readonly requeuePolicy: RequeuePolicy;
  /** A random draw between 0 and 1, spreading the requests of acts certified together. */
  readonly jitter: () => number;
}

export async function pollAcknowledgements(
  deps: PollDeps,
): Promise<{ waiting: number; acknowledged: number; refused: number; cancelled: number; requeued: number; letters: number }> {
  const sent = await deps.acts.listTransmissions('sent');
  const tally = { waiting: 0, acknowledged: 0, refused: 0, cancelled: 0, requeued: await requeueStale(deps) };
  for (const transmission of sent) {
    if (transmission.connector !== deps.connector.name) {
      // Sent through another connector before a change of settings: only that one can tell.
      tally.waiting += 1;
      deps.warn('sent through another connector', { actesId: transmission.actesId, connector: transmission.connector });
      continue;
    }
    try {
      const reply = await deps.connector.poll(transmission.reference ?? transmission.actesId);
      if (reply) await noteReported(transmission, reply, deps);
      const applied = reply ? await applyReply(transmission.actesId, reply, deps) : 'unchanged';
      if (applied === 'unchanged') tally.waiting += 1;
      else tally[applied] += 1;
    } catch (error) {
      tally.waiting += 1;
      deps.warn('acknowledgement not available', {
        actesId: transmission.actesId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { ...tally, letters: await letters(deps) };
}

/** The préfecture's letters received this time; none when the préfecture side cannot hand them over now. */
async function letters(deps: PollDeps): Promise<number> {
  try {
    return await receiveLetters(deps);
  } catch (error) {
    deps.warn('letters not available', { error: error instanceof Error ? error.message : String(error) });
    return 0;
  }
}

/**
 * Asks again for the acts still queued whose last message can only be dead by now, each after its
 * own backoff (`requeue-policy.ts`): one message in flight per act, whatever the length of an outage.
 */
async function requeueStale(deps: PollDeps): Promise<number> {
  const now = deps.now().toISOString();
  let requeued = 0;
  for (const transmission of await deps.acts.listTransmissions('queued')) {
    const requestedAt = transmission.requestedAt ?? transmission.queuedAt;
    if (requeueDueAt(requestedAt, transmission.requeues ?? 0, deps.jitter(), deps.requeuePolicy) > now) continue;
    if (!(await deps.acts.markRequeued(transmission.actesId, requestedAt, now))) continue;
    const request: TransmissionRequest = { type: 'TransmissionRequested', version: 1, actesId: transmission.actesId };
    await deps.transmissions.send([{ body: JSON.stringify(request) }]);
    requeued += 1;
  }
  return requeued;
}
