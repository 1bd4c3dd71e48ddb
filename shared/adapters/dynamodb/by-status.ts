/**
 * The `by-status` index: transmissions and failure records carry `statusKey = <KIND>#<status>` and
 * `statusAt`, so the acts awaiting an answer and the open failures are one query away. Items come
 * back without their keys.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const STATUS_INDEX = 'by-status';

/** Every item under `statusKey`, page after page; `filter` narrows them on one attribute. */
export async function byStatus(
  client: DynamoDBDocumentClient,
  tableName: string,
  statusKey: string,
  filter?: { readonly attribute: string; readonly value: string },
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: 'statusKey = :status',
        ...(filter && { FilterExpression: '#filtered = :filtered', ExpressionAttributeNames: { '#filtered': filter.attribute } }),
        ExpressionAttributeValues: { ':status': statusKey, ...(filter && { ':filtered': filter.value }) },
        ExclusiveStartKey: start,
      }),
    );
    for (const { pk: _pk, sk: _sk, statusKey: _key, statusAt: _at, ...item } of page.Items ?? []) items.push(item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
