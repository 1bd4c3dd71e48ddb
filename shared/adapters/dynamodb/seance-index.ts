/**
 * The séance index in the single table:
 * - `ASSEMBLY#<SIREN>` / `SESSION#<date>#<sessionId>`: a séance's listing, with the `version` of the
 *   projection it was written from, so the séances of a collectivité within dates are one query
 *   (the act store's `ENVELOPE_SERIAL` beside them sorts outside every range);
 * - `ASSEMBLIES` / `<SIREN>`: a collectivité's listing, with the date (`asOf`) of the séance that
 *   named it, so the collectivités are one query.
 * Each write is a put refused when the item holds a later version (or date), so repeating one, or
 * making it late, changes nothing.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { assemblyListingOf, sessionListingOf, type AssemblyListing, type SeanceIndex, type SessionListing } from '#ports/seance-index';
import { isConditionFailure } from './conditions.ts';

const ASSEMBLIES = 'ASSEMBLIES';
const assemblyPartition = (siren: string) => `ASSEMBLY#${siren}`;
const SESSION = 'SESSION#';
/** Sorts after the digits of a date, after "#" and after every character a séance id may hold. */
const AFTER = '~';

export function dynamoSeanceIndex(client: DynamoDBDocumentClient, tableName: string): SeanceIndex {
  const putUnlessLater = async (item: Record<string, unknown>, attribute: string, value: string | number) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(sk) OR #order <= :order',
          ExpressionAttributeNames: { '#order': attribute },
          ExpressionAttributeValues: { ':order': value },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  };

  /** Every item of a query, page after page, without the table's keys. */
  const query = async (input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({ TableName: tableName, ...input, ExclusiveStartKey: start }));
      for (const { pk: _pk, sk: _sk, ...item } of page.Items ?? []) items.push(item);
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };

  return {
    async record(state) {
      const { siren } = state.assembly;
      await Promise.all([
        putUnlessLater(
          {
            pk: assemblyPartition(siren),
            sk: `${SESSION}${state.date}#${state.sessionId}`,
            ...sessionListingOf(state),
            version: state.version,
          },
          'version',
          state.version,
        ),
        putUnlessLater({ pk: ASSEMBLIES, sk: siren, ...assemblyListingOf(state), asOf: state.date }, 'asOf', state.date),
      ]);
    },

    async assemblies() {
      const items = await query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': ASSEMBLIES } });
      return items.map(({ asOf: _asOf, ...listing }) => listing as unknown as AssemblyListing);
    },

    async sessions(siren, { from = '', to = '' }) {
      const items = await query({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': assemblyPartition(siren), ':from': `${SESSION}${from}`, ':to': `${SESSION}${to}${AFTER}` },
        ScanIndexForward: false,
      });
      return items.map(({ version: _version, ...listing }) => listing as unknown as SessionListing);
    },
  };
}
