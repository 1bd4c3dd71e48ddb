/** Lambda entry of the session-events consumer: configuration from the environment, then the consumer. */
import { z } from 'zod';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { documentClient, sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { makeSessionEventsHandler } from './consumer.ts';

const env = readEnv(z.object({ TABLE_NAME: z.string().min(1), CERTIFICATION_QUEUE_URL: z.url() }));

export const handler = makeSessionEventsHandler({
  sessions: dynamoSessionStore(documentClient(), env.TABLE_NAME),
  acts: dynamoActStore(documentClient(), env.TABLE_NAME),
  certification: sqsQueue(sqsClient(), env.CERTIFICATION_QUEUE_URL),
  now: () => new Date(),
});
