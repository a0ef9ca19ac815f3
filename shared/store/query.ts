import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table.ts';

export type QueryRequest = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

type StartKey = Record<string, unknown> | undefined;
type Page = { readonly Items?: Record<string, unknown>[]; readonly LastEvaluatedKey?: StartKey };

/**
 * Every item of a paged read, following LastEvaluatedKey: DynamoDB answers at most 1 MB per page,
 * and reading one page silently hides the rest (a goal reached, a journey to end).
 */
export async function allPages(
  readPage: (start: StartKey) => Promise<Page>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: StartKey;
  do {
    const page = await readPage(start);
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

/**
 * Every item a Query matches: a customer with large events or journeys passes 1 MB early. Reads
 * are strongly consistent: ingest records an event and then reads the customer's journeys, while
 * entry records a journey and then reads the customer's events, and only consistent reads on both
 * sides guarantee that each goal event meets its journey on one of them.
 */
export function queryAll(table: Table, request: QueryRequest): Promise<Record<string, unknown>[]> {
  return allPages((start) =>
    table.documents.send(
      new QueryCommand({
        ConsistentRead: true,
        ...request,
        TableName: table.name,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    ),
  );
}
