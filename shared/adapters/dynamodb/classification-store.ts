/** The classifications in the single table: `ASSEMBLY#<SIREN>` / `CLASSIFICATION`, one per collectivité. */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ClassificationStore, KeptClassification } from '#ports/classifications';
import { isConditionFailure } from './conditions.ts';

const key = (siren: string) => ({ pk: `ASSEMBLY#${siren}`, sk: 'CLASSIFICATION' });

export function dynamoClassificationStore(client: DynamoDBDocumentClient, tableName: string): ClassificationStore {
  return {
    async getClassification(siren) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(siren), ConsistentRead: true }));
      if (!Item) return undefined;
      const { pk: _pk, sk: _sk, ...kept } = Item;
      return kept as KeptClassification;
    },
    async putClassification(kept) {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...key(kept.siren), ...kept } }));
    },
    async announceClassification(siren, date) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(siren),
            UpdateExpression: 'SET announced = :date',
            // Only a version newer than the one kept, and than one announced already.
            ConditionExpression:
              'attribute_exists(pk) AND classification.#date < :date AND (attribute_not_exists(announced) OR announced < :date)',
            ExpressionAttributeNames: { '#date': 'date' },
            ExpressionAttributeValues: { ':date': date },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
