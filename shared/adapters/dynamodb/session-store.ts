/**
 * The séance in the single table, keyed by collectivité and séance (`SESSION#<SIREN>#<id>`):
 * - `STATE`: the projection, `{logLength, version, state}` with the state gzipped;
 * - `ACCEPTED`: the counter giving each logged event its order of acceptance;
 * - `POSTING`: the lease of the one request recording events at a time (owner, until);
 * - `EVENT#<eventId>`: one log entry per event, keyed by its idempotency key, with the fact the
 *   séance recorded once it is applied. An event or a fact whose JSON is larger than
 *   `INLINE_JSON_BYTES` (an opening with the texts of its délibérations) is kept in
 *   the documents bucket, and the entry holds its key. Both are read back through their versioned
 *   readers, never with a cast.
 * Every write is conditional, so a redelivered or replayed event changes nothing twice.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { readFact } from '#domain/read-fact';
import type { SessionState } from '#domain/session';
import { readStoredEvent, type SessionEvent } from '#events/session-events';
import type { DocumentStore } from '#ports/document-store';
import {
  ProjectionConflictError,
  type LogEntry,
  type LoggedEvent,
  type SessionKey,
  type SessionRecord,
  type SessionStore,
} from '#ports/session-store';
import { isConditionFailure } from './conditions.ts';
import { largeJson } from './large-json.ts';
import { dynamoSeanceIndex } from './seance-index.ts';

/** A projection, gzipped, leaves room in its 400 KB item for the keys and counters beside it. */
export const MAX_STATE_BYTES = 350 * 1024;

const partition = ({ siren, sessionId }: SessionKey) => `SESSION#${siren}#${sessionId}`;
const STATE = 'STATE';
const ACCEPTED = 'ACCEPTED';
const POSTING = 'POSTING';
/** The `until` of a released lease: before any `now`, so the next request takes it. */
const RELEASED = '1970-01-01T00:00:00.000Z';
const EVENT = 'EVENT#';
const SUMMARY = ['eventId', 'type', 'occurredAt', 'status', 'acceptedAt', 'accepted', 'postedBy', 'seq', 'processedAt', 'error'];

/** The log entry as stored: the summary, the event and the fact each inline (`event`) or in the bucket (`eventKey`). */
interface EventItem extends LogEntry {
  readonly pk: string;
  readonly sk: string;
  readonly event?: string;
  readonly eventKey?: string;
  readonly fact?: string;
  readonly factKey?: string;
}

export function dynamoSessionStore(client: DynamoDBDocumentClient, tableName: string, documents: DocumentStore): SessionStore {
  const summary = (item: Record<string, unknown>): LogEntry => {
    const { pk: _pk, sk: _sk, event: _event, eventKey: _eventKey, fact: _fact, factKey: _factKey, ...entry } = item as unknown as EventItem;
    return entry;
  };
  const { text, keep } = largeJson(documents);
  const withEvent = async (item: EventItem): Promise<LoggedEvent> => ({
    ...summary(item as unknown as Record<string, unknown>),
    event: readStoredEvent(await text(item.event, item.eventKey, `the body of event ${item.eventId}`)),
    ...((item.fact ?? item.factKey) !== undefined && {
      fact: readFact(JSON.parse(await text(item.fact, item.factKey, `the fact of event ${item.eventId}`))),
    }),
  });

  /** Every item a query finds, page after page, read strongly consistent. */
  const queryAll = async (query: Omit<QueryCommandInput, 'TableName' | 'ConsistentRead' | 'ExclusiveStartKey'>) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({ TableName: tableName, ...query, ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
  /** Every log entry of a séance, as `query` narrows and projects them. */
  const entries = (
    key: SessionKey,
    query: Pick<QueryCommandInput, 'FilterExpression' | 'ProjectionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
  ) =>
    queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :event)',
      ...query,
      ExpressionAttributeValues: { ':pk': partition(key), ':event': EVENT, ...query.ExpressionAttributeValues },
    });
  const body = async (key: SessionKey, event: SessionEvent) => {
    const kept = await keep(key, 'events', event.eventId, event);
    return 'inline' in kept ? { event: kept.inline } : { eventKey: kept.key };
  };

  /** The projection written under `condition`, or ProjectionConflictError if the stored one is not at `expected`. */
  const putState = async (
    key: SessionKey,
    record: SessionRecord,
    expected: number,
    condition: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>,
  ) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: partition(key),
            sk: STATE,
            logLength: record.logLength,
            lastAccepted: record.lastAccepted,
            version: record.state?.version ?? 0,
            ...(record.state && { state: gzipSync(JSON.stringify(record.state)) }),
            updatedAt: new Date().toISOString(),
          },
          ...condition,
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ProjectionConflictError(key, expected);
      throw error;
    }
  };

  return {
    index: dynamoSeanceIndex(client, tableName),

    fits(state) {
      // Most séances are small enough raw; only the others are worth compressing to know.
      const json = JSON.stringify(state);
      return Buffer.byteLength(json) <= MAX_STATE_BYTES || gzipSync(json).length <= MAX_STATE_BYTES;
    },

    async load(key) {
      const { Item } = await client.send(
        new GetCommand({ TableName: tableName, Key: { pk: partition(key), sk: STATE }, ConsistentRead: true }),
      );
      return recordOf(Item);
    },

    async loadWithLog(key) {
      // Newest key first: the projection is read before the entries, as load() then log() would.
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition(key) },
        ...projecting([...SUMMARY, 'sk', 'state', 'logLength', 'lastAccepted', 'event', 'eventKey']),
        ScanIndexForward: false,
      });
      const record = recordOf(items.find((item) => item.sk === STATE));
      const logged = items.filter((item) => String(item.sk).startsWith(EVENT)) as unknown as EventItem[];
      const pending = await Promise.all(
        logged
          .filter((item) => item.accepted > record.lastAccepted)
          .sort((a, b) => a.accepted - b.accepted)
          .map(withEvent),
      );
      return { record, log: logged.map((item) => summary(item as unknown as Record<string, unknown>)).sort(logOrder), pending };
    },

    async log(key) {
      const items = await entries(key, projecting(SUMMARY));
      return items.map(summary).sort(logOrder);
    },

    async find(key, eventIds) {
      const found = new Map<string, LoggedEvent>();
      let keys = [...new Set(eventIds)].map((id) => ({ pk: partition(key), sk: `${EVENT}${id}` }));
      while (keys.length > 0) {
        const chunk = keys.slice(0, 100);
        keys = keys.slice(100);
        let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
          [tableName]: { Keys: chunk, ConsistentRead: true },
        };
        while (request && Object.keys(request).length > 0) {
          const result = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of result.Responses?.[tableName] ?? []) found.set(item.eventId as string, await withEvent(item as EventItem));
          request = result.UnprocessedKeys as typeof request;
        }
      }
      return found;
    },

    async append(key, events, { acceptedAt, postedBy }) {
      if (events.length === 0) return [];
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: partition(key), sk: ACCEPTED },
          UpdateExpression: 'ADD accepted :count',
          ExpressionAttributeValues: { ':count': events.length },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const first = (Attributes!.accepted as number) - events.length + 1;
      // Every write settles before this returns, even when one fails: the lease is only given back after.
      const written = await Promise.allSettled(
        events.map(async (event, index): Promise<LogEntry | undefined> => {
          const entry: LogEntry = {
            eventId: event.eventId,
            type: event.type,
            occurredAt: event.occurredAt,
            status: 'queued',
            acceptedAt,
            accepted: first + index,
            postedBy,
          };
          const item = { pk: partition(key), sk: `${EVENT}${event.eventId}`, ...entry, ...(await body(key, event)) };
          try {
            await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(sk)' }));
            return entry;
          } catch (error) {
            if (isConditionFailure(error)) return undefined;
            throw error;
          }
        }),
      );
      const failed = written.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      return written.flatMap((result) => (result.status === 'fulfilled' && result.value ? [result.value] : []));
    },

    async lease(key, owner, now, until) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { pk: partition(key), sk: POSTING, owner, until },
            ConditionExpression: 'attribute_not_exists(sk) OR #until < :now OR #owner = :owner',
            ExpressionAttributeNames: { '#until': 'until', '#owner': 'owner' },
            ExpressionAttributeValues: { ':now': now, ':owner': owner },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async release(key, owner) {
      try {
        await client.send(
          // Released by ending it, not by deleting it: no function may delete from the table.
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: partition(key), sk: POSTING },
            UpdateExpression: 'SET #until = :released',
            ConditionExpression: '#owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner', '#until': 'until' },
            ExpressionAttributeValues: { ':owner': owner, ':released': RELEASED },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async recordOutcome(key, { eventId, seq, status, processedAt, error, fact }) {
      const kept = fact && (await keep(key, 'facts', eventId, fact));
      const extra: Record<string, unknown> = {
        ...(error && { error }),
        ...(kept && ('inline' in kept ? { fact: kept.inline } : { factKey: kept.key })),
      };
      const names = Object.keys(extra);
      // A log entry keeps the position it was given first: reprocessing after a crash finds the same one.
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: partition(key), sk: `${EVENT}${eventId}` },
          UpdateExpression: `SET seq = :seq, #status = :status, processedAt = :processedAt${names.map((name) => `, #${name} = :${name}`).join('')}`,
          ConditionExpression: 'attribute_exists(sk) AND (attribute_not_exists(seq) OR seq = :seq)',
          ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((name) => [`#${name}`, name])) },
          ExpressionAttributeValues: {
            ':seq': seq,
            ':status': status,
            ':processedAt': processedAt,
            ...Object.fromEntries(names.map((name) => [`:${name}`, extra[name]])),
          },
        }),
      );
    },

    async facts(key, before) {
      const items = (await entries(key, {
        FilterExpression: '#status = :applied AND seq < :before',
        ProjectionExpression: 'eventId, seq, fact, factKey',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':applied': 'applied', ':before': before },
      })) as unknown as EventItem[];
      items.sort((a, b) => a.seq! - b.seq!);
      return Promise.all(
        items.map(async (item) => readFact(JSON.parse(await text(item.fact, item.factKey, `the fact of event ${item.eventId}`)))),
      );
    },

    async commit(key, record) {
      const previous = record.logLength - 1;
      await putState(
        key,
        record,
        previous,
        previous === 0
          ? { ConditionExpression: 'attribute_not_exists(sk)' }
          : { ConditionExpression: 'logLength = :previous', ExpressionAttributeValues: { ':previous': previous } },
      );
    },

    async rewrite(key, record) {
      await putState(key, record, record.logLength, {
        ConditionExpression: 'logLength = :length AND lastAccepted = :accepted',
        ExpressionAttributeValues: { ':length': record.logLength, ':accepted': record.lastAccepted },
      });
    },
  };
}

/** Processed events by position, then queued ones in the order they were accepted. */
/** A projection of these attributes, each through a placeholder (some are reserved words). */
function projecting(names: readonly string[]): Pick<QueryCommandInput, 'ProjectionExpression' | 'ExpressionAttributeNames'> {
  return {
    ProjectionExpression: names.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
  };
}

/** The projection as its `STATE` item holds it (gzipped), or an empty one when the séance has none yet. */
function recordOf(item: Record<string, unknown> | undefined): SessionRecord {
  if (!item) return { state: undefined, logLength: 0, lastAccepted: 0 };
  const state = item.state ? (JSON.parse(gunzipSync(item.state as Uint8Array).toString('utf8')) as SessionState) : undefined;
  return { state, logLength: item.logLength as number, lastAccepted: (item.lastAccepted as number | undefined) ?? 0 };
}

function logOrder(a: LogEntry, b: LogEntry): number {
  if (a.seq !== undefined && b.seq !== undefined) return a.seq - b.seq;
  if (a.seq !== undefined) return -1;
  if (b.seq !== undefined) return 1;
  return a.accepted - b.accepted;
}
