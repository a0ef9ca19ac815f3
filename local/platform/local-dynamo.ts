import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { createTable, openTable } from '../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { DATA_FILES } from '../dev/data-files.ts';

export const LOCAL_TABLE = 'parcours-local';

/** An item store the local platform runs on, and how to stop it. */
export type LocalStore = { readonly store: ItemStore; stop(): Promise<void> };

/**
 * A dynalite server on a loopback port of the OS's choosing and a client of it: kept in `path`
 * (LevelDB) or in memory without one. Tables are created at once.
 */
export async function startDynaliteServer(
  path?: string,
): Promise<{ readonly client: DynamoDBClient; readonly endpoint: string; stop(): Promise<void> }> {
  const server = dynalite({
    ...(path === undefined ? {} : { path }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client,
    endpoint,
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * dynalite with the Parcours table: on disk under `dataDir/dynamo` (kept across restarts), or in
 * memory without a data folder.
 */
export async function startLocalDynamo(dataDir: string | undefined): Promise<LocalStore> {
  const path = dataDir === undefined ? undefined : join(dataDir, DATA_FILES.dynamo);
  if (path !== undefined) await mkdir(path, { recursive: true });
  const { client, stop } = await startDynaliteServer(path);
  const exists = await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE })).then(
    () => true,
    () => false,
  );
  if (!exists) await createTable(client, LOCAL_TABLE);
  return { store: dynamoItemStore(openTable(client, LOCAL_TABLE)), stop };
}
