/** Lambda entry of poll-acknowledgements: runs on a schedule (EventBridge). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { z } from 'zod';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { documentClient, s3Client } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { logger } from '#runtime/logger';
import { prefectureConnector } from '#runtime/prefecture-settings';
import { pollAcknowledgements } from './poll.ts';

const env = readEnv(z.object({ TABLE_NAME: z.string().min(1), DOCUMENTS_BUCKET: z.string().min(1) }));

const deps = {
  sessions: dynamoSessionStore(documentClient(), env.TABLE_NAME),
  acts: dynamoActStore(documentClient(), env.TABLE_NAME),
  documents: s3DocumentStore(s3Client(), env.DOCUMENTS_BUCKET),
  connector: prefectureConnector(),
  now: () => new Date(),
  warn: (message: string, details: Record<string, unknown>) => logger.warn(message, details),
};

export const handler = middy<ScheduledEvent, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const tally = await pollAcknowledgements(deps);
    if (tally.acknowledged + tally.refused > 0) logger.info('acknowledgements applied', tally);
    return tally;
  });
