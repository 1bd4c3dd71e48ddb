/** Lambda entry of the HTTP API: configuration from the environment, then the API. */
import { z } from 'zod';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { actServices } from '#runtime/act-services';
import { sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { makeApiHandler } from './app.ts';

const env = readEnv(
  z.object({
    SESSION_EVENTS_QUEUE_URL: z.url(),
    TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters'),
  }),
);

export const handler = makeApiHandler({
  ...actServices(),
  queue: sqsQueue(sqsClient(), env.SESSION_EVENTS_QUEUE_URL),
  tokenSecret: env.TOKEN_SECRET,
});
