import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { createTable, openTable } from '../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';

export const LOCAL_TABLE = 'parcours-local';

/**
 * dynalite on a loopback port of the OS's choosing, with the Parcours table: on disk under
 * `dataDir/dynamo` (kept across restarts), or in memory without a data folder.
 */
export async function startLocalDynamo(
  dataDir: string | undefined,
): Promise<{ readonly store: ItemStore; stop(): Promise<void> }> {
  if (dataDir !== undefined) await mkdir(join(dataDir, 'dynamo'), { recursive: true });
  const server = dynalite({
    ...(dataDir === undefined ? {} : { path: join(dataDir, 'dynamo') }),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const exists = await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE })).then(
    () => true,
    () => false,
  );
  if (!exists) await createTable(client, LOCAL_TABLE);
  return {
    store: dynamoItemStore(openTable(client, LOCAL_TABLE)),
    stop: async () => {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
