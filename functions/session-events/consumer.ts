/**
 * The session-events FIFO consumer: each séance's records (a message group) run one after the other,
 * the séances of a batch at once; when one fails, the rest of its séance is handed back to the queue
 * in order, while the other séances go on (`message-groups.ts`). A domain rejection is not a failure: it
 * is recorded on the event. A failure at the last attempt is recorded for the administrators; a body
 * that is not a logged event's reference is recorded and taken off the queue, holding up no séance.
 * Each invocation is traced on Lambda and writes what it counted (`observability.ts`).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { recordingFailures, type RecordingDeps } from '#failures/record-failures';
import { logger } from '#runtime/logger';
import { observed } from '#runtime/observability';
import { processByMessageGroup } from './message-groups.ts';
import { processSessionEvent, type ProcessEventDeps } from './process-event.ts';

export function makeSessionEventsHandler(deps: ProcessEventDeps & RecordingDeps) {
  const processMessage = recordingFailures({ queue: 'sessionEvents', function: 'sessionEvents' }, deps, async (message) => {
    const { siren, sessionId, eventId } = message;
    return { siren, sessionId, eventId, ...(await processSessionEvent({ siren, sessionId }, eventId, deps)) };
  });
  async function processRecord(record: SQSRecord): Promise<void> {
    const outcome = await processMessage(record);
    if (outcome === 'poison') logger.error('unreadable message recorded and removed', { messageId: record.messageId });
    else logger.info('session event processed', outcome);
  }

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(observed())
    .handler((event) => processByMessageGroup(event, processRecord));
}
