/** Lambda entry of poll-acknowledgements: runs on a schedule (EventBridge), traced and counted (`observability.ts`). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import * as z from 'zod';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { requeuePolicy } from '#acts/requeue-policy';
import { actServices } from '#runtime/act-services';
import { sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { logger } from '#runtime/logger';
import { observed } from '#runtime/observability';
import { envelopeSettings, prefectureConnector } from '#runtime/prefecture-settings';
import { pollAcknowledgements } from './poll.ts';

const env = readEnv(z.object({ TRANSMISSIONS_QUEUE_URL: z.url(), TRANSMISSION_IN_FLIGHT_MINUTES: z.coerce.number().int().positive() }));

const deps = {
  ...actServices(),
  connector: await prefectureConnector(),
  envelope: envelopeSettings(),
  transmissions: sqsQueue(sqsClient(), env.TRANSMISSIONS_QUEUE_URL),
  requeuePolicy: requeuePolicy(env.TRANSMISSION_IN_FLIGHT_MINUTES),
  jitter: Math.random,
  warn: (message: string, details: Record<string, unknown>) => logger.warn(message, details),
};

export const handler = middy<ScheduledEvent, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(observed())
  .handler(async () => {
    const tally = await pollAcknowledgements(deps);
    if (tally.acknowledged + tally.refused + tally.cancelled + tally.requeued + tally.letters > 0)
      logger.info('acknowledgements applied, transmissions asked for again, letters received', tally);
    return tally;
  });
