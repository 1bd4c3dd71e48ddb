/**
 * Acts in the single table, under `ACT#<IDActe>`: `EXTRACT` and `TRANSMISSION`; the séance a
 * collectivité's number belongs to under `NUMBER#<SIREN>#<NumeroInterne>` / `CLAIM`. A transmission
 * carries `statusKey = TRANSMISSION#<status>` and `statusAt`, the keys of the `by-status` index, so
 * the acts waiting for an acknowledgement (or refused) are one query away. Envelope counters live
 * at `ASSEMBLY#<SIREN>` / `ENVELOPE_SERIAL`; publications are `publication-store.ts`.
 */
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { ActNumber, ActStore, ExtractRecord, TransmissionRecord } from '#ports/act-store';
import { byStatus } from './by-status.ts';
import { isConditionFailure } from './conditions.ts';
import { dynamoClassificationStore } from './classification-store.ts';
import { dynamoLetterStore } from './letter-store.ts';
import { dynamoPublicationStore } from './publication-store.ts';

const actKey = (actesId: string, sk: 'EXTRACT' | 'TRANSMISSION') => ({ pk: `ACT#${actesId}`, sk });
const numberKey = ({ siren, numero }: ActNumber) => ({ pk: `NUMBER#${siren}#${numero}`, sk: 'CLAIM' });
const statusKey = (status: string) => `TRANSMISSION#${status}`;

/** A record as the port knows it: without the table's keys and bookkeeping. */
function record<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, statusKey: _statusKey, statusAt: _statusAt, leaseUntil: _leaseUntil, ...rest } = item;
  return rest as T;
}

export function dynamoActStore(client: DynamoDBDocumentClient, tableName: string): ActStore {
  const get = async <T>(key: Record<string, string>): Promise<T | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return Item ? record<T>(Item) : undefined;
  };
  const create = async (item: Record<string, unknown>): Promise<boolean> => {
    try {
      await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  const holder = async (number: ActNumber) => (await get<{ sessionId: string }>(numberKey(number)))?.sessionId;

  return {
    ...dynamoPublicationStore(client, tableName),
    ...dynamoLetterStore(client, tableName),
    ...dynamoClassificationStore(client, tableName),
    async claim(number, sessionId) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...numberKey(number), sessionId },
            ConditionExpression: 'attribute_not_exists(sessionId) OR sessionId = :session',
            ExpressionAttributeValues: { ':session': sessionId },
          }),
        );
        return undefined;
      } catch (error) {
        if (isConditionFailure(error)) return holder(number);
        throw error;
      }
    },
    holder,
    async holders(numbers) {
      const found = new Map<string, string>();
      const keys = numbers.map(numberKey);
      for (let i = 0; i < keys.length; i += 100) {
        let request: BatchGetCommandInput['RequestItems'] = { [tableName]: { Keys: keys.slice(i, i + 100), ConsistentRead: true } };
        while (request && Object.keys(request).length > 0) {
          const result: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of result.Responses?.[tableName] ?? [])
            if (item.sessionId) found.set(item.pk as string, item.sessionId as string);
          request = result.UnprocessedKeys;
        }
      }
      return numbers.map((number) => found.get(numberKey(number).pk));
    },
    async release(number, sessionId) {
      try {
        await client.send(
          // Released by forgetting its holder, not by deleting it: no function may delete from the table.
          new UpdateCommand({
            TableName: tableName,
            Key: numberKey(number),
            UpdateExpression: 'REMOVE sessionId',
            ConditionExpression: 'sessionId = :session',
            ExpressionAttributeValues: { ':session': sessionId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
    getExtract: (actesId) => get<ExtractRecord>(actKey(actesId, 'EXTRACT')),
    createExtract: (extract) => create({ ...actKey(extract.actesId, 'EXTRACT'), ...extract }),
    async recordStamped(actesId, stamped) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: actKey(actesId, 'EXTRACT'),
          UpdateExpression: 'SET stamped = :stamped',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':stamped': stamped },
        }),
      );
    },

    getTransmission: (actesId) => get<TransmissionRecord>(actKey(actesId, 'TRANSMISSION')),
    createTransmission: (t) => create({ ...actKey(t.actesId, 'TRANSMISSION'), ...t, statusKey: statusKey(t.status), statusAt: t.queuedAt }),
    async updateTransmission(actesId, from, change) {
      const fields: Record<string, unknown> = { ...change };
      if (change.status) Object.assign(fields, { statusKey: statusKey(change.status), statusAt: new Date().toISOString() });
      const names = Object.keys(fields);
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: actKey(actesId, 'TRANSMISSION'),
            UpdateExpression: `SET ${names.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
            ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
            ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(names.map((name, i) => [`#f${i}`, name])) },
            ExpressionAttributeValues: {
              ...Object.fromEntries(names.map((name, i) => [`:f${i}`, fields[name]])),
              ...Object.fromEntries(from.map((status, i) => [`:from${i}`, status])),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async leaseTransmission(actesId, now, until) {
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: actKey(actesId, 'TRANSMISSION'),
            UpdateExpression: 'SET leaseUntil = :until ADD attempts :one',
            ConditionExpression: '#status = :queued AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':until': until, ':queued': 'queued', ':now': now, ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return record<TransmissionRecord>(Attributes!);
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
    async claimCancellation(actesId, now, until) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: actKey(actesId, 'TRANSMISSION'),
            UpdateExpression: 'SET cancellation.sendingUntil = :until',
            ConditionExpression:
              '#status = :acknowledged AND attribute_exists(cancellation.requestedAt) AND attribute_not_exists(cancellation.refused) AND (attribute_not_exists(cancellation.sendingUntil) OR cancellation.sendingUntil < :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':until': until, ':now': now, ':acknowledged': 'acknowledged' },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async markRequeued(actesId, previousRequestedAt, now) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: actKey(actesId, 'TRANSMISSION'),
            UpdateExpression: 'SET requestedAt = :now, requeues = if_not_exists(requeues, :zero) + :one',
            ConditionExpression:
              '#status = :queued AND (requestedAt = :previous OR (attribute_not_exists(requestedAt) AND queuedAt = :previous))',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':now': now, ':previous': previousRequestedAt, ':queued': 'queued', ':zero': 0, ':one': 1 },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async releaseTransmission(actesId, until) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: actKey(actesId, 'TRANSMISSION'),
            UpdateExpression: 'REMOVE leaseUntil',
            ConditionExpression: 'leaseUntil = :until',
            ExpressionAttributeValues: { ':until': until },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
    async listTransmissions(status) {
      return (await byStatus(client, tableName, statusKey(status))) as unknown as TransmissionRecord[];
    },
    async nextEnvelopeSerial(siren) {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `ASSEMBLY#${siren}`, sk: 'ENVELOPE_SERIAL' },
          UpdateExpression: 'ADD serial :one',
          ExpressionAttributeValues: { ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Attributes!.serial as number;
    },
  };
}
