import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynaliteServer } from '../../local/platform/local-dynamo.ts';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { createTable, openTable, type Table } from '../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';

export type LocalDynamo = {
  readonly client: DynamoDBClient;
  readonly table: Table;
  /** The store port on this table, as the functions use it. */
  readonly store: ItemStore;
  /** Where it listens, for a process of its own (a function bundle started as Lambda would). */
  readonly endpoint: string;
  stop(): Promise<void>;
};

/** A real dynalite in memory, as the local platform starts it, with the Parcours table created. */
export async function startDynalite(tableName = 'parcours-test'): Promise<LocalDynamo> {
  const { client, endpoint, stop } = await startDynaliteServer();
  await createTable(client, tableName);
  const table = openTable(client, tableName);
  return { client, table, store: dynamoItemStore(table), endpoint, stop };
}
