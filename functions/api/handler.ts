/** Lambda entry of the HTTP API: configuration from the environment, then the API. */
import { z } from 'zod';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { documentClient, s3Client, sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { makeApiHandler } from './app.ts';

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    SESSION_EVENTS_QUEUE_URL: z.url(),
    DOCUMENTS_BUCKET: z.string().min(1),
    TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  }),
);

export const handler = makeApiHandler({
  sessions: dynamoSessionStore(documentClient(), env.TABLE_NAME),
  queue: sqsQueue(sqsClient(), env.SESSION_EVENTS_QUEUE_URL),
  acts: dynamoActStore(documentClient(), env.TABLE_NAME),
  documents: s3DocumentStore(s3Client(), env.DOCUMENTS_BUCKET),
  tokenSecret: env.TOKEN_SECRET,
  now: () => new Date(),
});
