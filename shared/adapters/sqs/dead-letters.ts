/**
 * Dead-letter queues on SQS: receive → send to the source → delete, which AWS and the local engine
 * both support (the local engine lacks StartMessageMoveTask, and a move task can neither choose
 * messages nor mark them). On a FIFO queue a message goes back to its own group, with a
 * deduplication id of its own, so a retried move is dropped by the queue and never doubles it.
 * Messages looked at but not chosen are made visible again at the end.
 */
import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { REPLAY_ATTRIBUTE } from '#failures/queue-messages';
import type { QueueId } from '#infra/topology';
import type { DeadLetter, DeadLetters } from '#ports/dead-letters';

export interface QueuePair {
  readonly url: string;
  readonly deadLetterUrl: string;
  readonly fifo: boolean;
}

/** Long enough for one call to look at the whole queue without seeing a message twice. */
const HOLD_SECONDS = 60;

export function sqsDeadLetters(client: SQSClient, queues: Readonly<Record<QueueId, QueuePair>>): DeadLetters {
  const send = async (queue: QueuePair, body: string, replayOf: string, groupId: string | undefined, dedup: string, kept = {}) => {
    const attributes: Record<string, MessageAttributeValue> = {
      ...kept,
      [REPLAY_ATTRIBUTE]: { DataType: 'String', StringValue: replayOf },
    };
    await client.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: body,
        MessageAttributes: attributes,
        ...(queue.fifo && {
          MessageGroupId: groupId ?? 'replayed',
          MessageDeduplicationId: createHash('sha256').update(dedup).digest('hex'),
        }),
      }),
    );
  };

  return {
    async depth(queue) {
      const { Attributes } = await client.send(
        new GetQueueAttributesCommand({ QueueUrl: queues[queue].deadLetterUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
    },

    async move(queue, pick, replayOf, { limit, budgetMs }) {
      const pair = queues[queue];
      const deadline = Date.now() + budgetMs;
      const moved: DeadLetter[] = [];
      const held: string[] = [];
      const seen = new Set<string>();
      let complete = false;
      try {
        while (moved.length < limit && Date.now() < deadline) {
          const { Messages: messages = [] } = await client.send(
            new ReceiveMessageCommand({
              QueueUrl: pair.deadLetterUrl,
              MaxNumberOfMessages: 10,
              WaitTimeSeconds: 1,
              VisibilityTimeout: HOLD_SECONDS,
              MessageSystemAttributeNames: ['MessageGroupId'],
              MessageAttributeNames: ['All'],
            }),
          );
          const fresh = messages.filter((m) => !seen.has(m.MessageId!));
          if (fresh.length === 0) {
            complete = true;
            break;
          }
          for (const message of fresh) {
            seen.add(message.MessageId!);
            const letter: DeadLetter = {
              messageId: message.MessageId!,
              body: message.Body ?? '',
              ...(message.Attributes?.MessageGroupId !== undefined && { groupId: message.Attributes.MessageGroupId }),
            };
            if (moved.length >= limit || !pick(letter)) {
              held.push(message.ReceiptHandle!);
              continue;
            }
            const { [REPLAY_ATTRIBUTE]: _earlier, ...kept } = message.MessageAttributes ?? {};
            await send(pair, letter.body, await replayOf(letter), letter.groupId, `moved:${letter.messageId}`, kept);
            await client.send(new DeleteMessageCommand({ QueueUrl: pair.deadLetterUrl, ReceiptHandle: message.ReceiptHandle! }));
            moved.push(letter);
          }
        }
      } finally {
        for (let start = 0; start < held.length; start += 10)
          await client.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: pair.deadLetterUrl,
              Entries: held.slice(start, start + 10).map((handle, i) => ({ Id: String(i), ReceiptHandle: handle, VisibilityTimeout: 0 })),
            }),
          );
      }
      return { moved, complete };
    },

    async resend(queue, { body, groupId }, replayOf, attempt) {
      await send(queues[queue], body, replayOf, groupId, `resent:${replayOf}:${attempt}`);
    },
  };
}
