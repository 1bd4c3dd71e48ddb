/**
 * Lambda entry of certify-act: consumes the certification queue — certifications, and the
 * publications the secretariat asks for — traced and counted (`observability.ts`).
 */
import * as z from 'zod';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { actServices } from '#runtime/act-services';
import { sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { observed } from '#runtime/observability';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { certificationWork } from './certify.ts';

const env = readEnv(z.object({ TRANSMISSIONS_QUEUE_URL: z.url(), PREFECTURE_CONNECTOR: z.enum(['actes', 's2low']) }));

const deps = {
  ...actServices(),
  transmissions: sqsQueue(sqsClient(), env.TRANSMISSIONS_QUEUE_URL),
  connector: env.PREFECTURE_CONNECTOR,
};

export const handler = sqsWorkConsumer({ queue: 'certification', function: 'certifyAct' }, deps, certificationWork(deps)).use(observed());
