/**
 * The consumers' side of failure records: a record handler that reads its queue's message, does the
 * work, and keeps a record of the message when it fails for the last time (its next failure would
 * send it to the dead-letter queue) or can never be read at all. A poison message is recorded once
 * and taken off the queue — retrying a body that cannot parse burns receives and, on a FIFO queue,
 * holds its séance back — so the record is what keeps it. A replayed message that succeeds closes
 * its record. A domain refusal is not a failure: the work records it and succeeds.
 */
import type { SQSRecord } from 'aws-lambda';
import { topology, type FunctionId, type QueueId } from '#infra/topology';
import type { FailureStore } from '#ports/failure-store';
import { failureId, readQueueMessage, REPLAY_ATTRIBUTE, type ReadMessage } from './queue-messages.ts';

export interface RecordingDeps {
  readonly failures: Pick<FailureStore, 'record' | 'markResolved'>;
  readonly now: () => Date;
}

type Message<Q extends QueueId> = Extract<ReadMessage<Q>, { ok: true }>['message'];

export function recordingFailures<Q extends QueueId, T>(
  where: { readonly queue: Q; readonly function: FunctionId },
  deps: RecordingDeps,
  work: (message: Message<Q>) => Promise<T>,
): (record: SQSRecord) => Promise<T | 'poison'> {
  const { maxReceiveCount } = topology.queues[where.queue];
  return async (record) => {
    const id = failureId(where.queue, record.body);
    const receives = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const report = (kind: 'error' | 'poison', error: { name: string; message: string }, concerns = {}) =>
      deps.failures.record({
        id,
        queue: where.queue,
        function: where.function,
        kind,
        body: record.body,
        ...(record.attributes.MessageGroupId !== undefined && { groupId: record.attributes.MessageGroupId }),
        error,
        attempts: kind === 'poison' ? 1 : receives,
        firstAttemptAt: new Date(Number(record.attributes.ApproximateFirstReceiveTimestamp) || deps.now().getTime()).toISOString(),
        failedAt: deps.now().toISOString(),
        concerns,
      });

    const read = readQueueMessage(where.queue, record.body);
    if (!read.ok) {
      await report('poison', read.error);
      return 'poison';
    }
    let outcome: T;
    try {
      outcome = await work(read.message);
    } catch (error) {
      if (receives >= maxReceiveCount) await report('error', describe(error), read.concerns);
      throw error;
    }
    if (record.messageAttributes?.[REPLAY_ATTRIBUTE]) await deps.failures.markResolved(id, deps.now().toISOString());
    return outcome;
  };
}

const describe = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
