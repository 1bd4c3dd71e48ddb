import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue } from '#ports/message-queue';

/** SQS takes at most ten messages a call. */
const BATCH = 10;

/** A MessageQueue on SQS: batches keep their order, and a partly refused batch is an error, never a silent loss. */
export function sqsQueue(client: SQSClient, queueUrl: string): MessageQueue {
  return {
    async send(messages) {
      for (let start = 0; start < messages.length; start += BATCH) {
        const chunk = messages.slice(start, start + BATCH);
        const result = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              MessageBody: message.body,
              MessageGroupId: message.groupId,
              MessageDeduplicationId: message.deduplicationId,
            })),
          }),
        );
        const failed = result.Failed ?? [];
        if (failed.length > 0)
          throw new Error(`the queue refused ${failed.length} message(s): ${failed.map((f) => `${f.Code}: ${f.Message}`).join('; ')}`);
      }
    },
  };
}
