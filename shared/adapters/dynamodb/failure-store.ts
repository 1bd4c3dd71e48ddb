/**
 * Failure records in the table: `FAILURE#<id>` / `FAILURE`, with `statusKey = FAILURE#<status>` and
 * `statusAt` (the last change), the keys of the `by-status` index the transmissions use too.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FAILURE_STATUSES, type FailureRecord, type FailureStatus, type FailureStore } from '#ports/failure-store';
import { byStatus } from './by-status.ts';
import { isConditionFailure } from './conditions.ts';

const SORT = 'FAILURE';
const key = (id: string) => ({ pk: `FAILURE#${id}`, sk: SORT });
const statusKey = (status: FailureStatus) => `FAILURE#${status}`;

const toRecord = (item: Record<string, unknown>): FailureRecord => {
  const { pk: _pk, sk: _sk, statusKey: _statusKey, statusAt: _statusAt, ...record } = item;
  return record as unknown as FailureRecord;
};

export function dynamoFailureStore(client: DynamoDBDocumentClient, tableName: string): FailureStore {
  /** A status change, refused silently when the record is not in one of the statuses it may come from. */
  const move = async (id: string, to: FailureStatus, from: readonly FailureStatus[], at: string, field: 'replayedAt' | 'resolvedAt') => {
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(id),
          UpdateExpression: `SET #status = :to, statusKey = :key, statusAt = :at, ${field} = :at${to === 'replayed' ? ' ADD replays :one' : ''}`,
          ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':to': to,
            ':key': statusKey(to),
            ':at': at,
            ...Object.fromEntries(from.map((status, i) => [`:from${i}`, status])),
            ...(to === 'replayed' && { ':one': 1 }),
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  };

  return {
    async record(report) {
      const { id, attempts, firstAttemptAt, failedAt, ...kept } = report;
      const fields = { ...kept, status: 'open', statusKey: statusKey('open'), statusAt: failedAt, lastFailedAt: failedAt };
      const names = Object.keys(fields);
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key(id),
          UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}, id = :id, firstFailedAt = if_not_exists(firstFailedAt, :first), replays = if_not_exists(replays, :zero) ADD attempts :attempts`,
          ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((n) => [`:${n}`, fields[n as keyof typeof fields]])),
            ':id': id,
            ':first': firstAttemptAt,
            ':zero': 0,
            ':attempts': attempts,
          },
        }),
      );
    },

    async get(id) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(id), ConsistentRead: true }));
      return Item && toRecord(Item);
    },

    async list({ status, queue }) {
      const found: FailureRecord[] = [];
      for (const each of status ? [status] : FAILURE_STATUSES)
        found.push(
          ...(await byStatus(client, tableName, statusKey(each), queue ? { attribute: 'queue', value: queue } : undefined)).map(toRecord),
        );
      return found.sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt));
    },

    markReplayed: (id, at) => move(id, 'replayed', ['open', 'replayed'], at, 'replayedAt'),
    markResolved: (id, at) => move(id, 'resolved', ['replayed'], at, 'resolvedAt'),
    close: (id, at) => move(id, 'resolved', ['open'], at, 'resolvedAt'),
  };
}
