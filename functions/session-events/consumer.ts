/**
 * The session-events FIFO consumer: records run one after the other; when one fails, the rest of its
 * session (message group) is handed back to the queue in order, while other sessions go on
 * (Powertools SqsFifoPartialProcessor with skipGroupOnError). A domain rejection is not a failure: it
 * is recorded on the event.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SessionEventMessage } from '#messages/session-event-message';
import { logger } from '#runtime/logger';
import { processSessionEvent, type ProcessEventDeps } from './process-event.ts';

export function makeSessionEventsHandler(deps: ProcessEventDeps) {
  async function processRecord(record: SQSRecord): Promise<void> {
    const parsed = SessionEventMessage.safeParse(parseJson(record.body));
    // Only the API queues these: a body that is not one is left to the DLQ, not dropped.
    if (!parsed.success) throw new Error(`message ${record.messageId} is not a logged session event: ${parsed.error.message}`);
    const { siren, sessionId, eventId } = parsed.data;
    const outcome = await processSessionEvent({ siren, sessionId }, eventId, deps);
    logger.info('session event processed', { siren, sessionId, eventId, ...outcome });
  }

  const parseJson = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) =>
      processPartialResponse(event, processRecord, new SqsFifoPartialProcessorAsync(), { context, skipGroupOnError: true }),
    );
}
