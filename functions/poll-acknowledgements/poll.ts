/**
 * On a schedule: asks the préfecture side about every act sent and not yet answered, and applies
 * the answers that came. An act the préfecture cannot tell about now is simply asked again next time.
 */
import { applyReply, type ReplyDeps } from '#acts/acknowledge';
import type { PrefectureConnector } from '#ports/prefecture';

export interface PollDeps extends ReplyDeps {
  readonly connector: PrefectureConnector;
  readonly warn: (message: string, details: Record<string, unknown>) => void;
}

export async function pollAcknowledgements(deps: PollDeps): Promise<{ waiting: number; acknowledged: number; refused: number }> {
  const sent = await deps.acts.listTransmissions('sent');
  const tally = { waiting: 0, acknowledged: 0, refused: 0 };
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
