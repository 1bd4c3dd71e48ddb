/**
 * The event-source mapping of an SQS-triggered function, run locally: receive up to `batchSize`
 * messages, invoke the handler with them as an SQSEvent, delete what succeeded. With
 * ReportBatchItemFailures the listed messages stay; a thrown error, a timeout or a malformed answer
 * fails the whole batch. What stays comes back after the queue's visibility timeout, and the queue's
 * redrive policy moves it to the dead-letter queue after maxReceiveCount receives — as on AWS.
 * Like Lambda's pollers, `concurrency` loops receive at once, so one slow batch does not hold up the
 * queue; on a FIFO queue the engine hands a message group to one receiver at a time, which keeps
 * each séance's events in order.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { invoke, type FunctionConfig, type Handler } from './lambda-context.ts';

export interface PollerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly batchSize: number;
  /** Batches in flight at once (1 by default). */
  readonly concurrency?: number;
  readonly function: FunctionConfig;
  readonly handler: Handler<SQSEvent, SQSBatchResponse | void>;
  /** Told of each batch: how many messages and which failed (with the error when the whole batch failed). */
  readonly onBatch?: (report: { size: number; failed: string[]; error?: unknown }) => void;
}

export interface Poller {
  stop(): Promise<void>;
}

export function startSqsPoller(options: PollerOptions): Poller {
  let running = true;
  const loop = async () => {
    while (running) {
      try {
        await pollOnce(options);
      } catch (error) {
        options.onBatch?.({ size: 0, failed: [], error });
        await new Promise((done) => setTimeout(done, 1000));
      }
    }
  };
  const loops = Array.from({ length: options.concurrency ?? 1 }, loop);
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** One receive-invoke-delete round; resolves after the batch is settled (or after an empty receive). */
export async function pollOnce(options: PollerOptions): Promise<void> {
  const { client, queueUrl } = options;
  const { Messages: messages = [] } = await client.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: options.batchSize,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  if (messages.length === 0) return;
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, options.queueArn)) };
  const ids = new Set(messages.map((m) => m.MessageId!));
  let failed: Set<string>;
  let error: unknown;
  try {
    const response = await invoke(options.handler, event, options.function);
    const listed = (response ?? { batchItemFailures: [] }).batchItemFailures ?? [];
    failed = new Set(listed.map((f) => f.itemIdentifier));
    // Lambda fails the whole batch when the answer names a message it did not send.
    if ([...failed].some((id) => !ids.has(id))) failed = ids;
  } catch (thrown) {
    failed = ids;
    error = thrown;
  }
  const done = messages.filter((m) => !failed.has(m.MessageId!));
  if (done.length > 0)
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle! })),
      }),
    );
  options.onBatch?.({ size: messages.length, failed: [...failed], ...(error !== undefined && { error }) });
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(attributes.MessageGroupId !== undefined && { MessageGroupId: attributes.MessageGroupId }),
      ...(attributes.MessageDeduplicationId !== undefined && { MessageDeduplicationId: attributes.MessageDeduplicationId }),
      ...(attributes.SequenceNumber !== undefined && { SequenceNumber: attributes.SequenceNumber }),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
          ...(value.BinaryValue !== undefined && { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'eu-west-3',
  };
}
