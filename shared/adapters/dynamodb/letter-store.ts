/**
 * The préfecture's letters in the single table, beside their act: `ACT#<IDActe>` / `LETTER#<id>`,
 * the id being the connector's own. A letter is written once; its acknowledgement and its answer are
 * added to it, the answer only while it has none.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LetterRecord, LetterStore } from '#ports/letters';
import { isConditionFailure } from './conditions.ts';

const letterKey = (actesId: string, id: string) => ({ pk: `ACT#${actesId}`, sk: `LETTER#${id}` });

const toLetter = ({ pk: _pk, sk: _sk, ...letter }: Record<string, unknown>) => letter as unknown as LetterRecord;

export function dynamoLetterStore(client: DynamoDBDocumentClient, tableName: string): LetterStore {
  /** Sets fields of a letter that exists, under a further condition when given; false when it fails. */
  const update = async (actesId: string, id: string, fields: Record<string, unknown>, condition?: string) => {
    const names = Object.keys(fields);
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: letterKey(actesId, id),
          UpdateExpression: `SET ${names.map((n) => `#${n} = :${n}`).join(', ')}`,
          ConditionExpression: ['attribute_exists(pk)', condition].filter(Boolean).join(' AND '),
          ExpressionAttributeNames: Object.fromEntries(names.map((n) => [`#${n}`, n])),
          ExpressionAttributeValues: Object.fromEntries(names.map((n) => [`:${n}`, fields[n]])),
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };

  return {
    async createLetter(letter) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...letterKey(letter.actesId, letter.id), ...letter },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async getLetter(actesId, id) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: letterKey(actesId, id), ConsistentRead: true }));
      return Item && toLetter(Item);
    },
    async listLetters(actesId) {
      const letters: LetterRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :letter)',
            ExpressionAttributeValues: { ':pk': `ACT#${actesId}`, ':letter': 'LETTER#' },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        letters.push(...(page.Items ?? []).map(toLetter));
        start = page.LastEvaluatedKey;
      } while (start);
      return letters.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    },
    async markLetterAcknowledged(actesId, id, at) {
      await update(actesId, id, { acknowledgedAt: at });
    },
    requestAnswer: (actesId, id, answer) =>
      update(actesId, id, { answer }, '(attribute_not_exists(answer) OR attribute_exists(answer.refused))'),
    async claimAnswer(actesId, id, now, until) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: letterKey(actesId, id),
            UpdateExpression: 'SET answer.sendingUntil = :until',
            ConditionExpression:
              'attribute_exists(answer) AND attribute_not_exists(answer.sentAt) AND attribute_not_exists(answer.refused) AND (attribute_not_exists(answer.sendingUntil) OR answer.sendingUntil < :now)',
            ExpressionAttributeValues: { ':until': until, ':now': now },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async recordAnswerRefused(actesId, id, refused) {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: letterKey(actesId, id),
          UpdateExpression: 'SET answer.refused = :refused REMOVE answer.sendingUntil',
          ConditionExpression: 'attribute_exists(answer)',
          ExpressionAttributeValues: { ':refused': refused },
        }),
      );
    },
    async recordAnswerSent(actesId, id, sent) {
      const fields = Object.fromEntries(
        Object.entries(sent)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [`answer.${k}`, v]),
      );
      const names = Object.keys(fields);
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: letterKey(actesId, id),
          UpdateExpression: `SET ${names.map((_, i) => `#answer.#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(#answer)',
          ExpressionAttributeNames: {
            '#answer': 'answer',
            ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n.slice('answer.'.length)])),
          },
          ExpressionAttributeValues: Object.fromEntries(names.map((n, i) => [`:v${i}`, fields[n]])),
        }),
      );
    },
  };
}
