/**
 * A Lambda consuming JSON work messages from a standard SQS queue: each body is read as its queue's
 * message and handed to `work`; a failing record goes back to the queue alone (partial batch
 * response) and, after `maxReceiveCount` receives, to the dead-letter queue with a failure record —
 * never dropped. A body that can never be read is recorded once and not retried.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { recordingFailures, type RecordingDeps } from '#failures/record-failures';
import type { FunctionId } from '#infra/topology';
import type { ReadMessage } from '#failures/queue-messages';
import { logger } from './logger.ts';

type WorkQueue = 'certification' | 'transmissions';

export function sqsWorkConsumer<Q extends WorkQueue>(
  where: { readonly queue: Q; readonly function: FunctionId },
  deps: RecordingDeps,
  work: (message: Extract<ReadMessage<Q>, { ok: true }>['message']) => Promise<unknown>,
) {
  const processMessage = recordingFailures(where, deps, work);
  async function processRecord(record: SQSRecord): Promise<void> {
    const outcome = await processMessage(record);
    if (outcome === 'poison') logger.error('unreadable message recorded and removed', { messageId: record.messageId, queue: where.queue });
    else logger.info('message processed', { messageId: record.messageId, outcome });
  }
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), { context }));
}
