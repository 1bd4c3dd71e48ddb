/**
 * On a schedule: asks the préfecture side about every act sent and not yet answered, and applies
 * the answers that came; an act the préfecture cannot tell about now is asked again next time. It
 * also hands back to transmit-act the acts still queued long after they were certified — the
 * préfecture down for longer than the queue's retries last, their messages in the dead-letter queue —
 * so that none stays unsent.
 */
import { applyReply, type ReplyDeps } from '#acts/acknowledge';
import type { TransmissionRequest } from '#messages/transmission-request';
import type { MessageQueue } from '#ports/message-queue';
import type { PrefectureConnector } from '#ports/prefecture';

export interface PollDeps extends ReplyDeps {
  readonly connector: PrefectureConnector;
  readonly transmissions: MessageQueue;
  /** A transmission still queued this long after it was certified is asked for again. */
  readonly staleAfterMinutes: number;
  readonly warn: (message: string, details: Record<string, unknown>) => void;
}

export async function pollAcknowledgements(
  deps: PollDeps,
): Promise<{ waiting: number; acknowledged: number; refused: number; requeued: number }> {
  const sent = await deps.acts.listTransmissions('sent');
  const tally = { waiting: 0, acknowledged: 0, refused: 0, requeued: await requeueStale(deps) };
  for (const transmission of sent) {
    if (transmission.connector !== deps.connector.name) {
      // Sent through another connector before a change of settings: only that one can tell.
      tally.waiting += 1;
      deps.warn('sent through another connector', { actesId: transmission.actesId, connector: transmission.connector });
      continue;
    }
    try {
      const reply = await deps.connector.poll(transmission.reference ?? transmission.actesId);
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
  return tally;
}

async function requeueStale(deps: PollDeps): Promise<number> {
  const before = new Date(deps.now().getTime() - deps.staleAfterMinutes * 60_000).toISOString();
  const stale = (await deps.acts.listTransmissions('queued')).filter((t) => t.queuedAt < before);
  const requests = stale.map((t): TransmissionRequest => ({ type: 'TransmissionRequested', version: 1, actesId: t.actesId }));
  if (requests.length > 0) await deps.transmissions.send(requests.map((request) => ({ body: JSON.stringify(request) })));
  return requests.length;
}
