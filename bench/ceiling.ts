/**
 * The engines' own ceiling: the calls the pipeline made (counted by `request-counter.ts`), the same
 * number of each kind with payloads of the sizes measured, issued directly with the SDK against the
 * same engines at the concurrency the pipeline's calls had, with nothing else to do between them —
 * no rendering, no rules, no waiting on a queue. Its time is what the engines allow; the pipeline's
 * time divided into it says how much of the pipeline's time is the engines' own work.
 * The calls land in a table, queues and a bucket of their own, so the pipeline's data is untouched.
 * Empty receives are left out: they wait for messages, they do not work.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { noCalls, sumCalls, type CallFigures, type Usage } from './request-counter.ts';

export interface Engines {
  readonly dynamodb: string;
  /** fauxqs answers SQS and S3 on one endpoint. */
  readonly sqsAndS3: string;
}

export interface CeilingRun {
  readonly seconds: number;
  readonly calls: number;
  readonly concurrency: number;
}

const LOCAL = { region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
/** An item or a body of this many bytes, at least one. */
const filler = (bytes: number) => 'x'.repeat(Math.max(1, Math.round(bytes)));

type Call = () => Promise<unknown>;

/** Every call of `usage` (the FIFO queue's with their message groups), then run `concurrency` at a time. */
export async function engineCeiling(usage: Usage, engines: Engines, concurrency: number): Promise<CeilingRun> {
  const dynamo = new DynamoDBClient({ ...LOCAL, endpoint: engines.dynamodb });
  const documents = DynamoDBDocumentClient.from(dynamo);
  const sqs = new SQSClient({ ...LOCAL, endpoint: engines.sqsAndS3 });
  const s3 = new S3Client({ ...LOCAL, endpoint: engines.sqsAndS3, forcePathStyle: true });
  const run = randomUUID().slice(0, 8);
  const table = `ceiling-${run}`;
  const bucket = `ceiling-${run}`;
  try {
    await dynamo.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `ceiling-${run}` }))).QueueUrl!;
    const total = (kind: string) =>
      Object.entries(usage.calls)
        .filter(([key]) => key === kind || key === `${kind} (FIFO)`)
        .flatMap(([, callers]) => Object.values(callers))
        .reduce(sumCalls, noCalls());
    const each = (figures: CallFigures, value: number) => (figures.calls > 0 ? value / figures.calls : 0);

    // What the reads will find: items and objects of the sizes read, written before the clock starts.
    const reads = { get: total('DynamoDB GetItem'), query: total('DynamoDB Query'), batch: total('DynamoDB BatchGetItem') };
    const itemBytes = (figures: CallFigures) => (figures.entries > 0 ? (figures.capacityUnits * 4096) / figures.entries : 1024);
    const seedItem = (pk: string, sk: string, bytes: number) =>
      documents.send(new PutCommand({ TableName: table, Item: { pk, sk, body: filler(Math.min(bytes, 380_000)) } }));
    const perQuery = Math.max(1, Math.round(each(reads.query, reads.query.entries)));
    const perBatch = Math.max(1, Math.min(100, Math.round(each(reads.batch, reads.batch.entries))));
    await seedItem('get', 'item', itemBytes(reads.get));
    for (let i = 0; i < Math.max(perQuery, perBatch); i++)
      await seedItem('group', String(i).padStart(4, '0'), itemBytes(reads.query.entries > 0 ? reads.query : reads.batch));
    const s3Gets = total('S3 GetObject');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'read', Body: filler(each(s3Gets, s3Gets.responseBytes)) }));

    const calls: Call[] = [];
    const repeat = (figures: CallFigures, call: (i: number) => Call) => {
      for (let i = 0; i < figures.calls; i++) calls.push(call(i));
    };
    const puts = total('DynamoDB PutItem');
    repeat(puts, (i) => () => seedItem('put', String(i), each(puts, puts.requestBytes)));
    const updates = total('DynamoDB UpdateItem');
    repeat(
      updates,
      (i) => () =>
        documents.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: 'update', sk: String(i % 50) },
            UpdateExpression: 'SET body = :body ADD version :one',
            ExpressionAttributeValues: { ':body': filler(each(updates, updates.requestBytes)), ':one': 1 },
          }),
        ),
    );
    repeat(
      reads.get,
      () => () => documents.send(new GetCommand({ TableName: table, Key: { pk: 'get', sk: 'item' }, ConsistentRead: true })),
    );
    repeat(
      reads.query,
      () => () =>
        documents.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'group' },
            Limit: perQuery,
            ConsistentRead: true,
          }),
        ),
    );
    const keys = Array.from({ length: perBatch }, (_, i) => ({ pk: 'group', sk: String(i).padStart(4, '0') }));
    repeat(
      reads.batch,
      () => () => documents.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } })),
    );
    const s3Puts = total('S3 PutObject');
    repeat(
      s3Puts,
      (i) => () => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `put/${i}`, Body: filler(each(s3Puts, s3Puts.requestBytes)) })),
    );
    repeat(s3Gets, () => async () => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'read' }))).Body!.transformToByteArray());

    // Messages: each batch sent is received and deleted as the pipeline's were, in batches of the sizes counted.
    const sends = total('SQS SendMessageBatch');
    const receives = total('SQS ReceiveMessage');
    const deletes = total('SQS DeleteMessageBatch');
    const perSend = Math.max(1, Math.min(10, Math.round(each(sends, sends.entries))));
    const bodyBytes = sends.entries > 0 ? sends.requestBytes / sends.entries : 256;
    repeat(
      sends,
      () => () =>
        sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Array.from({ length: perSend }, (_, i) => ({ Id: String(i), MessageBody: filler(bodyBytes) })),
          }),
        ),
    );
    const working = receives.calls - receives.empty;
    const perReceive = Math.max(1, Math.min(10, Math.round(working > 0 ? receives.entries / working : 1)));
    const withDelete = Math.min(working, deletes.calls);
    const receiveCalls: Call[] = Array.from({ length: working }, (_, i) => async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: perReceive, WaitTimeSeconds: 0 }),
      );
      if (i < withDelete && Messages.length > 0)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
    });

    const start = performance.now();
    await pool(interleaved(calls), concurrency);
    await pool(receiveCalls, concurrency);
    const seconds = (performance.now() - start) / 1000;
    return { seconds, calls: calls.length + working + withDelete, concurrency };
  } finally {
    documents.destroy();
    sqs.destroy();
    s3.destroy();
  }
}

/** The calls in an order of their own that mixes the kinds, the same at every run (a fixed-seed shuffle). */
function interleaved(calls: readonly Call[]): Call[] {
  const mixed = [...calls];
  let seed = 12_345;
  for (let i = mixed.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [mixed[i], mixed[j]] = [mixed[j]!, mixed[i]!];
  }
  return mixed;
}

/** The kinds of call the ceiling knows how to issue; `Usage` keys outside it are reported, not replayed. */
export const REPLAYED = [
  'DynamoDB PutItem',
  'DynamoDB UpdateItem',
  'DynamoDB GetItem',
  'DynamoDB Query',
  'DynamoDB BatchGetItem',
  'S3 PutObject',
  'S3 GetObject',
  'SQS SendMessageBatch',
  'SQS ReceiveMessage',
  'SQS DeleteMessageBatch',
];

/** Runs the calls, `width` at a time, in their order. */
async function pool(calls: readonly Call[], width: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, width) }, async () => {
      while (next < calls.length) await calls[next++]!();
    }),
  );
}
