/**
 * The séance in the single table. Keys (pk / sk):
 * - `SESSION#<id>` / `STATE`: the projection, `{logLength, version, state}` with the state gzipped
 *   (a séance of a hundred délibérations stays far below DynamoDB's 400 KB item limit);
 * - `SESSION#<id>` / `EVENT#<eventId>`: one log entry per event, keyed by its idempotency key.
 * Every write is conditional, so a redelivered or replayed event changes nothing twice.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SessionState } from '#domain/session';
import { isConditionFailure } from './conditions.ts';
import { ProjectionConflictError, type LoggedEvent, type SessionStore } from '#ports/session-store';

const sessionKey = (sessionId: string) => `SESSION#${sessionId}`;
const STATE = 'STATE';
const EVENT = 'EVENT#';

interface EventItem {
  pk: string;
  sk: string;
  eventId: string;
  type: string;
  status: LoggedEvent['status'];
  /** The event as accepted, as JSON text: stored verbatim, read back verbatim. */
  event: string;
  acceptedAt: string;
  order?: number;
  seq?: number;
  processedAt?: string;
  error?: LoggedEvent['error'];
}

export function dynamoSessionStore(client: DynamoDBDocumentClient, tableName: string): SessionStore {
  const toItem = (entry: LoggedEvent): EventItem => ({
    pk: sessionKey(entry.event.sessionId),
    sk: `${EVENT}${entry.event.eventId}`,
    eventId: entry.event.eventId,
    type: entry.event.type,
    status: entry.status,
    event: JSON.stringify(entry.event),
    acceptedAt: entry.acceptedAt,
    order: entry.order,
    seq: entry.seq,
    processedAt: entry.processedAt,
    error: entry.error,
  });
  const fromItem = (item: Record<string, unknown>): LoggedEvent => {
    const { event, status, acceptedAt, order, seq, processedAt, error } = item as unknown as EventItem;
    return {
      event: JSON.parse(event),
      status,
      acceptedAt,
      ...(order !== undefined && { order }),
      ...(seq !== undefined && { seq }),
      ...(processedAt !== undefined && { processedAt }),
      ...(error !== undefined && { error }),
    };
  };

  return {
    async load(sessionId) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: sessionKey(sessionId), sk: STATE }, ConsistentRead: true }),
      );
      if (!Item) return { state: undefined, logLength: 0 };
      const state = Item.state ? (JSON.parse(gunzipSync(Item.state as Uint8Array).toString('utf8')) as SessionState) : undefined;
      return { state, logLength: Item.logLength as number };
    },

    async events(sessionId) {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
            ExpressionAttributeValues: { ':pk': sessionKey(sessionId), ':event': EVENT },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
      } while (start);
      return items.map(fromItem).sort(logOrder);
    },

    async find(sessionId, eventIds) {
      const found = new Map<string, LoggedEvent>();
      let keys = [...new Set(eventIds)].map((id) => ({ pk: sessionKey(sessionId), sk: `${EVENT}${id}` }));
      while (keys.length > 0) {
        const chunk = keys.slice(0, 100);
        keys = keys.slice(100);
        let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
          [tableName]: { Keys: chunk, ConsistentRead: true },
        };
        while (request && Object.keys(request).length > 0) {
          const result = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of result.Responses?.[tableName] ?? []) found.set(item.eventId as string, fromItem(item));
          request = result.UnprocessedKeys as typeof request;
        }
      }
      return found;
    },

    async append(entry) {
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: toItem(entry), ConditionExpression: 'attribute_not_exists(sk)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async recordOutcome(entry) {
      // A log entry keeps the position it was given first: reprocessing after a crash finds the same one.
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: toItem(entry),
          ConditionExpression: 'attribute_not_exists(seq) OR seq = :seq',
          ExpressionAttributeValues: { ':seq': entry.seq },
        }),
      );
    },

    async commit(sessionId, record) {
      const previous = record.logLength - 1;
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              pk: sessionKey(sessionId),
              sk: STATE,
              logLength: record.logLength,
              version: record.state?.version ?? 0,
              ...(record.state && { state: gzipSync(JSON.stringify(record.state)) }),
              updatedAt: new Date().toISOString(),
            },
            ConditionExpression: previous === 0 ? 'attribute_not_exists(sk)' : 'logLength = :previous',
            ...(previous > 0 && { ExpressionAttributeValues: { ':previous': previous } }),
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw new ProjectionConflictError(sessionId, previous);
        throw error;
      }
    },
  };
}

/** Processed events by position, then queued ones in the order they were accepted. */
function logOrder(a: LoggedEvent, b: LoggedEvent): number {
  if (a.seq !== undefined && b.seq !== undefined) return a.seq - b.seq;
  if (a.seq !== undefined) return -1;
  if (b.seq !== undefined) return 1;
  return a.acceptedAt.localeCompare(b.acceptedAt) || (a.order ?? 0) - (b.order ?? 0) || a.event.eventId.localeCompare(b.event.eventId);
}
