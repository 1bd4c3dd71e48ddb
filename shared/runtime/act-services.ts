/**
 * What the functions share, built once from the environment: the séances, the act records, the
 * failure records (TABLE_NAME) and the documents (DOCUMENTS_BUCKET, which also keeps the largest logged events).
 */
import * as z from 'zod';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoFailureStore } from '#adapters/dynamodb/failure-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { documentClient, s3Client } from './aws-clients.ts';
import { readEnv } from './env.ts';

export function actServices(env: NodeJS.ProcessEnv = process.env) {
  const { TABLE_NAME, DOCUMENTS_BUCKET } = readEnv(z.object({ TABLE_NAME: z.string().min(1), DOCUMENTS_BUCKET: z.string().min(1) }), env);
  const documents = s3DocumentStore(s3Client(), DOCUMENTS_BUCKET);
  return {
    sessions: dynamoSessionStore(documentClient(), TABLE_NAME, documents),
    acts: dynamoActStore(documentClient(), TABLE_NAME),
    failures: dynamoFailureStore(documentClient(), TABLE_NAME),
    documents,
    now: () => new Date(),
  };
}
