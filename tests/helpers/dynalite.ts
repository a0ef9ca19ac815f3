import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { createTable, openTable, type Table } from '../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';

export type LocalDynamo = {
  readonly client: DynamoDBClient;
  readonly table: Table;
  /** The store port on this table, as the functions use it. */
  readonly store: ItemStore;
  stop(): Promise<void>;
};

/** A real dynalite on a loopback port of the OS's choosing, with the Parcours table created. */
export async function startDynalite(tableName = 'parcours-test'): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTable(client, tableName);
  const table = openTable(client, tableName);
  return {
    client,
    table,
    store: dynamoItemStore(table),
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
