/** Lambda entry of certify-act: consumes the certification queue. */
import { z } from 'zod';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { CertificationRequest } from '#messages/certification-request';
import { documentClient, s3Client, sqsClient } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { certifyAct } from './certify.ts';

const env = readEnv(
  z.object({
    TABLE_NAME: z.string().min(1),
    DOCUMENTS_BUCKET: z.string().min(1),
    TRANSMISSIONS_QUEUE_URL: z.url(),
    PREFECTURE_CONNECTOR: z.enum(['actes', 's2low']),
  }),
);

const deps = {
  sessions: dynamoSessionStore(documentClient(), env.TABLE_NAME),
  acts: dynamoActStore(documentClient(), env.TABLE_NAME),
  documents: s3DocumentStore(s3Client(), env.DOCUMENTS_BUCKET),
  transmissions: sqsQueue(sqsClient(), env.TRANSMISSIONS_QUEUE_URL),
  connector: env.PREFECTURE_CONNECTOR,
  now: () => new Date(),
};

export const handler = sqsWorkConsumer(CertificationRequest, (request) => certifyAct(request, deps));
