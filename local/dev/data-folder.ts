import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import * as z from 'zod';
import { ERROR_NAMES } from '../../language/error-names.ts';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { openTable } from '../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { LOCAL_TABLE, type LocalStore } from '../platform/local-dynamo.ts';
import { DATA_FILES } from './data-files.ts';
import { noDataYet } from './data-folder-presence.ts';

export class DataFolderError extends Error {
  override readonly name = ERROR_NAMES.dataFolder;
}

/**
 * Opens a data folder's store without the rest of the platform, for `parcours trace` when no dev
 * server runs. It is dynalite on the same path: LevelDB allows one process at a time, so a folder
 * that a dev server holds is reported as such rather than read half-way.
 */
export async function openDataFolder(dataDir: string): Promise<LocalStore> {
  const path = join(dataDir, DATA_FILES.dynamo);
  await access(path).catch(() => {
    throw new DataFolderError(noDataYet(dataDir));
  });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = z.object({ port: z.number() }).parse(server.address());
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const stop = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  try {
    await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLE }));
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(message)) {
      throw new DataFolderError(`${dataDir} is in use by a running dev server; ask it instead (--port)`);
    }
    throw new DataFolderError(noDataYet(dataDir));
  }
  return { store: dynamoItemStore(openTable(client, LOCAL_TABLE)), stop };
}

const TABLE_READY_MS = 5_000;

/**
 * Whether the store holds nothing yet: the dev server plays its demo only into a fresh folder.
 * On a fresh folder the table was created a moment ago and dynalite may still report it missing,
 * so this asks again until it answers; the callers after it then find the table ready.
 */
export async function isEmpty(store: ItemStore): Promise<boolean> {
  const deadline = Date.now() + TABLE_READY_MS;
  for (;;) {
    try {
      return (await store.scan({ limit: 1 })).length === 0;
    } catch (error) {
      const missing = error instanceof Error && error.name === 'ResourceNotFoundException';
      if (!missing || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
