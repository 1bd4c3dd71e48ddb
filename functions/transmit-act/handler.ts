/** Lambda entry of transmit-act: consumes the transmissions queue. */
import { z } from 'zod';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { TransmissionRequest } from '#messages/transmission-request';
import { documentClient, s3Client } from '#runtime/aws-clients';
import { readEnv } from '#runtime/env';
import { envelopeSettings, prefectureConnector } from '#runtime/prefecture-settings';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { transmitAct } from './transmit.ts';

const env = readEnv(z.object({ TABLE_NAME: z.string().min(1), DOCUMENTS_BUCKET: z.string().min(1) }));

const deps = {
  sessions: dynamoSessionStore(documentClient(), env.TABLE_NAME),
  acts: dynamoActStore(documentClient(), env.TABLE_NAME),
  documents: s3DocumentStore(s3Client(), env.DOCUMENTS_BUCKET),
  connector: prefectureConnector(),
  envelope: envelopeSettings(),
  now: () => new Date(),
};

export const handler = sqsWorkConsumer(TransmissionRequest, (request) => transmitAct(request.actesId, deps));
