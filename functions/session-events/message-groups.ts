/**
 * A FIFO batch handled message group by message group: the groups at once, each group's records one
 * after the other. When a record fails, it and the rest of its group are handed back to the queue
 * in order, while the other groups go on — Powertools' `skipGroupOnError`, without waiting for one
 * séance's events to be done before starting another's: a batch holds several séances, and most of
 * an event's time is spent waiting on the table.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export async function processByMessageGroup(
  event: SQSEvent,
  processRecord: (record: SQSRecord) => Promise<void>,
): Promise<SQSBatchResponse> {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of event.Records) {
    const group = record.attributes.MessageGroupId ?? '';
    groups.set(group, [...(groups.get(group) ?? []), record]);
  }
  const failed = new Set<string>();
  await Promise.all(
    [...groups.values()].map(async (records) => {
      for (const [index, record] of records.entries()) {
        try {
          await processRecord(record);
        } catch {
          for (const rest of records.slice(index)) failed.add(rest.messageId);
          return;
        }
      }
    }),
  );
  // In the batch's order, as Lambda expects the failures of a FIFO batch.
  return { batchItemFailures: event.Records.filter((r) => failed.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId })) };
}
