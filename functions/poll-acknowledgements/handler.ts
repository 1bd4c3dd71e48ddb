/** Lambda entry of poll-acknowledgements: runs on a schedule (EventBridge). */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { actServices } from '#runtime/act-services';
import { logger } from '#runtime/logger';
import { prefectureConnector } from '#runtime/prefecture-settings';
import { pollAcknowledgements } from './poll.ts';

const deps = {
  ...actServices(),
  connector: prefectureConnector(),
  warn: (message: string, details: Record<string, unknown>) => logger.warn(message, details),
};

export const handler = middy<ScheduledEvent, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const tally = await pollAcknowledgements(deps);
    if (tally.acknowledged + tally.refused > 0) logger.info('acknowledgements applied', tally);
    return tally;
  });
