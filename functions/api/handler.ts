/** Lambda entry of the HTTP API: configuration from the environment, then the API. */
import { createRemoteJWKSet } from 'jose';
import * as z from 'zod';
import { sqsDeadLetters } from '#adapters/sqs/dead-letters';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { topology } from '#infra/topology';
import { jwksUrlOf, tokenVerifier } from '#runtime/access-tokens';
import { actServices } from '#runtime/act-services';
import { sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { makeApiHandler } from './app.ts';

const env = readEnv(
  z.object({
    SESSION_EVENTS_QUEUE_URL: z.url(),
    CERTIFICATION_QUEUE_URL: z.url(),
    TRANSMISSIONS_QUEUE_URL: z.url(),
    SESSION_EVENTS_DLQ_URL: z.url(),
    CERTIFICATION_DLQ_URL: z.url(),
    TRANSMISSIONS_DLQ_URL: z.url(),
    TOKEN_ISSUER: z.url(),
    /** The app clients whose tokens the API accepts, separated by commas. */
    TOKEN_AUDIENCES: z.string().regex(/^[^,\s]+(,[^,\s]+)*$/, 'must be client ids separated by commas'),
    /** The public site's base URL, without a trailing slash: the open data's links point there. */
    PUBLIC_SITE_URL: z.url().optional(),
  }),
);

export const handler = makeApiHandler({
  ...actServices(),
  queue: sqsQueue(sqsClient(), env.SESSION_EVENTS_QUEUE_URL),
  publications: sqsQueue(sqsClient(), env.CERTIFICATION_QUEUE_URL),
  dialogue: sqsQueue(sqsClient(), env.TRANSMISSIONS_QUEUE_URL),
  ...(env.PUBLIC_SITE_URL && { publicSiteUrl: env.PUBLIC_SITE_URL.replace(/\/+$/, '') }),
  verifyToken: tokenVerifier({
    issuer: env.TOKEN_ISSUER,
    audiences: env.TOKEN_AUDIENCES.split(','),
    keys: createRemoteJWKSet(jwksUrlOf(env.TOKEN_ISSUER)),
  }),
  deadLetters: sqsDeadLetters(sqsClient(), {
    sessionEvents: {
      url: env.SESSION_EVENTS_QUEUE_URL,
      deadLetterUrl: env.SESSION_EVENTS_DLQ_URL,
      fifo: topology.queues.sessionEvents.fifo,
    },
    certification: { url: env.CERTIFICATION_QUEUE_URL, deadLetterUrl: env.CERTIFICATION_DLQ_URL, fifo: topology.queues.certification.fifo },
    transmissions: { url: env.TRANSMISSIONS_QUEUE_URL, deadLetterUrl: env.TRANSMISSIONS_DLQ_URL, fifo: topology.queues.transmissions.fifo },
  }),
});
