/**
 * Publications in the single table:
 * - `ACT#<IDActe>` / `PUBLICATION`: the publication's date, recorded once before the documents are
 *   stored, so that a retry renders them with the same date;
 * - `PUBLIC#<SIREN>` / `ACT#<decision date>#<IDActe>`: the act as the collectivité's public site and
 *   open data show it, so its acts within dates are one query, oldest first.
 * Nothing here is ever deleted: a published act stays published (CGCT L2131-1).
 */
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PublicationClaim, PublicationStore, PublishedAct } from '#ports/publications';
import { isConditionFailure } from './conditions.ts';

const claimKey = (actesId: string) => ({ pk: `ACT#${actesId}`, sk: 'PUBLICATION' });
const publicPartition = (siren: string) => `PUBLIC#${siren}`;
/** The decision date an IDActe holds, `DDD-SIREN-YYYYMMDD-…`, as YYYY-MM-DD. */
const decisionDateOf = (actesId: string) => {
  const day = actesId.split('-')[2] ?? '';
  return `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
};
const publishedKey = (siren: string, actesId: string) => ({ pk: publicPartition(siren), sk: `ACT#${decisionDateOf(actesId)}#${actesId}` });
/** Sorts after every character an IDActe may hold. */
const AFTER = '~';

export function dynamoPublicationStore(client: DynamoDBDocumentClient, tableName: string): PublicationStore {
  const get = async <T>(key: Record<string, string>): Promise<T | undefined> => {
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...rest } = Item;
    return rest as T;
  };

  return {
    async claimPublication(claim) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...claimKey(claim.actesId), ...claim },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return claim;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return (await get<PublicationClaim>(claimKey(claim.actesId)))!;
      }
    },
    async putPublished(act) {
      try {
        const item = { ...publishedKey(act.siren, act.actesId), ...act };
        await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    getPublished: (siren, actesId) => get<PublishedAct>(publishedKey(siren, actesId)),
    async listPublished(siren, { from = '', to = '' } = {}) {
      const acts: PublishedAct[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': publicPartition(siren), ':from': `ACT#${from}`, ':to': `ACT#${to || '9999'}${AFTER}` },
            ExclusiveStartKey: start,
          }),
        );
        for (const { pk: _pk, sk: _sk, ...act } of page.Items ?? []) acts.push(act as PublishedAct);
        start = page.LastEvaluatedKey;
      } while (start);
      return acts;
    },
  };
}
