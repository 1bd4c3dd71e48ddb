/**
 * A Lambda consuming JSON work messages from a standard SQS queue: each body is parsed with its zod
 * schema and handed to `work`; a failing record goes back to the queue alone (partial batch
 * response) and, after `maxReceiveCount` receives, to the dead-letter queue — never dropped.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from './logger.ts';

export function sqsWorkConsumer<S extends z.ZodType>(schema: S, work: (message: z.infer<S>) => Promise<unknown>) {
  async function processRecord(record: SQSRecord): Promise<void> {
    const message = schema.parse(JSON.parse(record.body));
    const outcome = await work(message);
    logger.info('message processed', { messageId: record.messageId, message, outcome });
  }
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => processPartialResponse(event, processRecord, new BatchProcessor(EventType.SQS), { context }));
}
