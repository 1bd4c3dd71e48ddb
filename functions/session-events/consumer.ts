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
import { parseSessionEvent } from '#events/session-events';
import { logger } from '#runtime/logger';
import { processSessionEvent, type ProcessEventDeps } from './process-event.ts';

export function makeSessionEventsHandler(deps: ProcessEventDeps) {
  async function processRecord(record: SQSRecord): Promise<void> {
    const parsed = parseSessionEvent(JSON.parse(record.body));
    // Only the API queues events, after this same check: a body failing it is left to the DLQ, not dropped.
    if (!parsed.ok) throw new Error(`message ${record.messageId} is not a session event: ${JSON.stringify(parsed.violations)}`);
    const { event } = parsed;
    const outcome = await processSessionEvent(event, deps);
    logger.info('session event processed', { sessionId: event.sessionId, eventId: event.eventId, type: event.type, ...outcome });
  }

  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) =>
      processPartialResponse(event, processRecord, new SqsFifoPartialProcessorAsync(), { context, skipGroupOnError: true }),
    );
}
