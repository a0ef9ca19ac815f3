import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  type ItemStore,
  isStoredItem,
  type SortKeyRange,
  type StoredItem,
  type WriteOptions,
} from '../item-store.ts';
import type { ItemKey } from '../keys.ts';
import { conditionExpression } from './condition-expression.ts';
import { isConditionFailure } from './condition-failure.ts';
import { documentItem, documentValue } from './document-value.ts';
import { allPages } from './pages.ts';
import type { Table } from './table.ts';

/** DynamoDB's limit of requests in one BatchWriteItem. */
const BATCH_SIZE = 25;

/** The store port on a DynamoDB table (AWS, dynalite): the only module that speaks DynamoDB. */
export function dynamoItemStore(table: Table): ItemStore {
  const { documents, name: TableName } = table;
  /** A conditional write whose refusal means the condition did not hold: false, not an error. */
  const conditional = async (send: () => Promise<unknown>): Promise<boolean> => {
    try {
      await send();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  };
  const condition = (options: WriteOptions | undefined) =>
    options?.condition === undefined ? {} : conditionExpression(options.condition);

  return {
    async get(key, options) {
      const projection =
        options?.attributes === undefined ? {} : projectionOf([...options.attributes, 'pk', 'sk']);
      const { Item } = await documents.send(
        new GetCommand({ TableName, Key: keyOf(key), ConsistentRead: true, ...projection }),
      );
      return Item === undefined ? undefined : { ...Item, ...keyOf(key) };
    },
    put: (item, options) =>
      conditional(() =>
        documents.send(new PutCommand({ TableName, Item: documentItem(item), ...condition(options) })),
      ),
    set: (key, values, options) => {
      const entries = Object.entries(values).filter(([, value]) => value !== undefined);
      const guard = options?.condition === undefined ? undefined : conditionExpression(options.condition);
      return conditional(() =>
        documents.send(
          new UpdateCommand({
            TableName,
            Key: keyOf(key),
            UpdateExpression: `SET ${entries.map((_, index) => `#s${index} = :s${index}`).join(', ')}`,
            ...(guard === undefined ? {} : { ConditionExpression: guard.ConditionExpression }),
            ExpressionAttributeNames: {
              ...Object.fromEntries(entries.map(([attribute], index) => [`#s${index}`, attribute])),
              ...guard?.ExpressionAttributeNames,
            },
            ExpressionAttributeValues: {
              ...Object.fromEntries(entries.map(([, value], index) => [`:s${index}`, documentValue(value)])),
              ...guard?.ExpressionAttributeValues,
            },
          }),
        ),
      );
    },
    delete: (key, options) =>
      conditional(() =>
        documents.send(new DeleteCommand({ TableName, Key: keyOf(key), ...condition(options) })),
      ),
    query: async (partition, range) =>
      (
        await allPages((start) =>
          documents.send(
            new QueryCommand({
              TableName,
              ConsistentRead: true,
              ...keyConditionOf(partition, range),
              ...(start === undefined ? {} : { ExclusiveStartKey: start }),
            }),
          ),
        )
      ).map(storedItem),
    scan: async ({ sortKeyPrefix, limit }) => {
      const filter =
        sortKeyPrefix === undefined
          ? {}
          : {
              FilterExpression: 'begins_with(sk, :prefix)',
              ExpressionAttributeValues: { ':prefix': sortKeyPrefix },
            };
      // Pages are read until `limit` items matched: DynamoDB's Limit bounds the items a page reads,
      // not those the filter keeps, so one page may hold fewer matches than there are.
      const found: StoredItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new ScanCommand({
            TableName,
            ...filter,
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
          }),
        );
        found.push(...(page.Items ?? []).map(storedItem));
        start = page.LastEvaluatedKey;
      } while (start !== undefined && (limit === undefined || found.length < limit));
      return limit === undefined ? found : found.slice(0, limit);
    },
    scanSegment: async ({ segment, segments, sortKeyPrefix, after }) => {
      const page = await documents.send(
        new ScanCommand({
          TableName,
          Segment: segment,
          TotalSegments: segments,
          ...(sortKeyPrefix === undefined
            ? {}
            : {
                FilterExpression: 'begins_with(sk, :prefix)',
                ExpressionAttributeValues: { ':prefix': sortKeyPrefix },
              }),
          ...(after === undefined ? {} : { ExclusiveStartKey: startKeyOf(after) }),
        }),
      );
      const next = page.LastEvaluatedKey;
      return {
        items: (page.Items ?? []).map(storedItem),
        next: next === undefined ? undefined : JSON.stringify({ pk: next.pk, sk: next.sk }),
      };
    },
    async putMany(items) {
      for (let start = 0; start < items.length; start += BATCH_SIZE) {
        let requests = items
          .slice(start, start + BATCH_SIZE)
          .map((item) => ({ PutRequest: { Item: documentItem(item) } }));
        // A batch may come back partly unprocessed (throttling, size): send the rest again.
        while (requests.length > 0) {
          const { UnprocessedItems } = await documents.send(
            new BatchWriteCommand({ RequestItems: { [TableName]: requests } }),
          );
          requests = (UnprocessedItems?.[TableName] ?? []).flatMap((request) =>
            request.PutRequest?.Item === undefined
              ? []
              : [{ PutRequest: { Item: documentItem(request.PutRequest.Item) } }],
          );
        }
      }
    },
  };
}

function storedItem(item: Record<string, unknown>): StoredItem {
  if (!isStoredItem(item)) throw new Error('DynamoDB returned an item without its key');
  return item;
}

const keyOf = (key: ItemKey): ItemKey => ({ pk: key.pk, sk: key.sk });

function projectionOf(attributes: readonly string[]) {
  const names = Object.fromEntries(attributes.map((attribute, index) => [`#p${index}`, attribute]));
  return { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names };
}

function keyConditionOf(partition: string, range: SortKeyRange | undefined) {
  if (range === undefined) {
    return { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partition } };
  }
  if ('prefix' in range) {
    return {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': partition, ':prefix': range.prefix },
    };
  }
  return {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': partition, ':from': range.from, ':to': range.to },
  };
}

/** A page's start, as `scanSegment` wrote it: the key it stopped at, nothing else. */
function startKeyOf(after: string): Record<string, unknown> {
  const key = ScanCursor.safeParse(JSON.parse(after));
  if (!key.success) throw new Error(`not a scan cursor of this store: ${after.slice(0, 80)}`);
  return key.data;
}

const ScanCursor = z.object({ pk: z.string(), sk: z.string() });
