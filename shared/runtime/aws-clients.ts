/**
 * SDK clients, built once per process. Endpoints come from the SDK's own variables
 * (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_S3), which the local stack sets
 * to its engines; on Lambda they are unset and the clients reach AWS. On Lambda each client's calls
 * are traced (X-Ray subsegments, `observability.ts`); elsewhere the clients are left as built.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from './observability.ts';

let documents: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let s3: S3Client | undefined;

const traced = <T>(client: T): T => (tracer ? tracer.captureAWSv3Client(client) : client);

export function documentClient(): DynamoDBDocumentClient {
  // The document client shares the middleware stack of the client it wraps: tracing that one traces both.
  documents ??= DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), { marshallOptions: { removeUndefinedValues: true } });
  return documents;
}

export function sqsClient(): SQSClient {
  // The queue URL names the queue; the endpoint says where to send (local engines answer on another host).
  sqs ??= traced(new SQSClient({ useQueueUrlAsEndpoint: false }));
  return sqs;
}

/** Path-style addressing where `S3_FORCE_PATH_STYLE=true` (a local engine has no bucket subdomains). */
export function s3Client(): S3Client {
  s3 ??= traced(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' }));
  return s3;
}
