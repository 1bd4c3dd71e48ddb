/** Lambda entry of transmit-act: consumes the transmissions queue, traced and counted (`observability.ts`). */
import * as z from 'zod';
import { actServices } from '#runtime/act-services';
import { observed } from '#runtime/observability';
import { readEnv } from '#runtime/env';
import { envelopeSettings, prefectureConnector } from '#runtime/prefecture-settings';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { transmissionWork } from './work.ts';

const env = readEnv(z.object({ TRANSMISSION_LEASE_SECONDS: z.coerce.number().int().positive() }));

const deps = {
  ...actServices(),
  connector: await prefectureConnector(),
  envelope: envelopeSettings(),
  leaseSeconds: env.TRANSMISSION_LEASE_SECONDS,
};

export const handler = sqsWorkConsumer({ queue: 'transmissions', function: 'transmitAct' }, deps, transmissionWork(deps)).use(observed());
