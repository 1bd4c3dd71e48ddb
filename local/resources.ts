/**
 * Creates, on the local engines, the tables and queues the topology declares — the same declaration
 * the CDK stack reads. Creation is idempotent: a restart finds its resources and their data again.
 */
import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  FIFO_SCOPE,
  MAX_MESSAGE_BYTES,
  type BucketId,
  type BucketSpec,
  type QueueId,
  type QueueSpec,
  type TableId,
  type TableSpec,
  type Topology,
} from '#infra/topology';

export interface LocalQueue {
  readonly url: string;
  readonly arn: string;
  readonly deadLetter: { readonly url: string; readonly arn: string };
}

export interface LocalResources {
  readonly tables: Readonly<Record<TableId, string>>;
  readonly queues: Readonly<Record<QueueId, LocalQueue>>;
  readonly buckets: Readonly<Record<BucketId, string>>;
}

export interface ResourceOptions {
  /** Prefixed to every name, so tests can hold several independent sets on the same engines. */
  readonly prefix?: string;
  /** Shortens every queue's visibility timeout, so tests see retries in seconds rather than minutes. */
  readonly visibilityTimeoutSeconds?: number;
}

export async function createResources(
  topology: Topology,
  clients: { dynamodb: DynamoDBClient; sqs: SQSClient; s3: S3Client },
  options: ResourceOptions = {},
): Promise<LocalResources> {
  const prefix = options.prefix ?? '';
  const tables = {} as Record<TableId, string>;
  for (const [id, spec] of Object.entries(topology.tables) as [TableId, TableSpec][])
    tables[id] = await ensureTable(clients.dynamodb, `${prefix}${spec.name}`, spec);
  const queues = {} as Record<QueueId, LocalQueue>;
  for (const [id, spec] of Object.entries(topology.queues) as [QueueId, QueueSpec][])
    queues[id] = await ensureQueue(clients.sqs, prefix, spec, options.visibilityTimeoutSeconds);
  const buckets = {} as Record<BucketId, string>;
  for (const [id, spec] of Object.entries(topology.buckets) as [BucketId, BucketSpec][]) {
    buckets[id] = `${prefix}${spec.name}`.toLowerCase();
    await clients.s3.send(new CreateBucketCommand({ Bucket: buckets[id] }));
  }
  return { tables, queues, buckets };
}

async function ensureTable(client: DynamoDBClient, name: string, spec: TableSpec): Promise<string> {
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
    return name;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  const keys = new Set([spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])]);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...keys].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: spec.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  return name;
}

async function ensureQueue(client: SQSClient, prefix: string, spec: QueueSpec, visibility?: number): Promise<LocalQueue> {
  const common: Record<string, string> = {
    MaximumMessageSize: String(MAX_MESSAGE_BYTES),
    ...(spec.fifo && {
      FifoQueue: 'true',
      DeduplicationScope: FIFO_SCOPE.deduplicationScope,
      FifoThroughputLimit: FIFO_SCOPE.fifoThroughputLimit,
    }),
  };
  const deadLetter = await createQueue(client, `${prefix}${spec.deadLetterQueue}`, { ...common, MessageRetentionPeriod: '1209600' });
  const queue = await createQueue(client, `${prefix}${spec.name}`, {
    ...common,
    VisibilityTimeout: String(visibility ?? spec.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: spec.maxReceiveCount }),
  });
  return { ...queue, deadLetter };
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>) {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}
