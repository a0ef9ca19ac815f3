import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AggregateState,
  AggregateState as AggregateStateSchema,
  EMPTY_AGGREGATES,
} from '../aggregates/compute.ts';
import { keys } from '../store/keys.ts';
import { withOptimisticRetry } from '../store/optimistic.ts';
import type { Table } from '../store/table.ts';
import { Profile } from './profile.ts';

export type Customer = { readonly profile: Profile | undefined; readonly aggregates: AggregateState };

/** A profile and its aggregates in one Query: they sit next to each other in the customer's partition. */
export async function loadCustomer(table: Table, profileId: string): Promise<Customer> {
  const profileKey = keys.profile(profileId);
  const { Items = [] } = await table.documents.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :aggregates AND :profile',
      ExpressionAttributeValues: {
        ':pk': profileKey.pk,
        ':aggregates': keys.aggregates(profileId).sk,
        ':profile': profileKey.sk,
      },
      ConsistentRead: true,
    }),
  );
  const profileItem = Items.find((item) => item.sk === profileKey.sk);
  const aggregatesItem = Items.find((item) => item.sk === keys.aggregates(profileId).sk);
  return {
    profile: profileItem === undefined ? undefined : Profile.parse(profileItem),
    aggregates: aggregatesItem === undefined ? EMPTY_AGGREGATES : AggregateStateSchema.parse(aggregatesItem),
  };
}

/**
 * Changes a profile (creating it when absent) with a write conditioned on the version read, so
 * concurrent updates of one customer never lose each other's changes.
 */
export async function updateProfile(
  table: Table,
  profileId: string,
  change: (current: Profile) => Profile,
  now: Date,
): Promise<Profile> {
  // Bursts of updates for one customer (an app replaying its history) retry, each making progress.
  return withOptimisticRetry(async () => {
    const key = keys.profile(profileId);
    const { Item } = await table.documents.send(
      new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }),
    );
    const version = typeof Item?.version === 'number' ? Item.version : 0;
    const current =
      Item === undefined ? Profile.parse({ profileId, createdAt: now.toISOString() }) : Profile.parse(Item);
    const next = Profile.parse({ ...change(current), profileId, updatedAt: now.toISOString() });
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...next, ...key, version: version + 1 },
        ConditionExpression: Item === undefined ? 'attribute_not_exists(pk)' : 'version = :version',
        ...(Item === undefined ? {} : { ExpressionAttributeValues: { ':version': version } }),
      }),
    );
    return next;
  }, 40);
}

/** Writes aggregates computed from the state read, unless another writer got there first. */
export async function saveAggregates(
  table: Table,
  profileId: string,
  read: AggregateState,
  next: AggregateState,
): Promise<void> {
  const key = keys.aggregates(profileId);
  await table.documents.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...key, cells: next.cells, recentEventIds: next.recentEventIds, version: read.version + 1 },
      ConditionExpression: read.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
      ...(read.version === 0 ? {} : { ExpressionAttributeValues: { ':version': read.version } }),
    }),
  );
}
