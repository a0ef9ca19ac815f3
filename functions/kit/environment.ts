import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { openTable } from '../../shared/store/dynamodb/table.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';

/** What every Parcours function is configured with. */
export const CommonEnv = z.object({
  TABLE_NAME: z.string().check(z.minLength(1), z.describe('the DynamoDB table')),
  PARCOURS_BUNDLE: z
    .string()
    .check(
      z.minLength(1),
      z.describe('the path of the runtime bundle (bundle.json) shipped with the function'),
    ),
});
export type CommonEnv = z.infer<typeof CommonEnv>;

export function storeFrom(env: CommonEnv): ItemStore {
  return dynamoItemStore(openTable(new DynamoDBClient({}), env.TABLE_NAME));
}
