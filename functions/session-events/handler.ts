/** Lambda entry of the session-events consumer: configuration from the environment, then the consumer. */
import * as z from 'zod';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { actServices } from '#runtime/act-services';
import { sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { makeSessionEventsHandler } from './consumer.ts';

const env = readEnv(z.object({ CERTIFICATION_QUEUE_URL: z.url() }));
const { sessions, acts, failures, now } = actServices();

export const handler = makeSessionEventsHandler({
  sessions,
  acts,
  failures,
  certification: sqsQueue(sqsClient(), env.CERTIFICATION_QUEUE_URL),
  now,
});
