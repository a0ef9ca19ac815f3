import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AggregateState,
  AggregateState as AggregateStateSchema,
  EMPTY_AGGREGATES,
} from '../aggregates/compute.ts';
import { type ItemKey, keys } from '../store/keys.ts';
import { withOptimisticRetry } from '../store/optimistic.ts';
import type { Table } from '../store/table.ts';
import { Profile } from './profile.ts';

export type Customer = { readonly profile: Profile | undefined; readonly aggregates: AggregateState };

/**
 * A profile and its aggregates, read by their keys. Not one Query over `sk BETWEEN AGGREGATES AND
 * PROFILE`: that range also holds every CAPS, EVENT#, JOURNEY# and LEDGER# item of the customer,
 * so past 1 MB of events the profile fell off the first page and the customer looked unknown.
 */
export async function loadCustomer(table: Table, profileId: string): Promise<Customer> {
  const read = (key: ItemKey) =>
    table.documents.send(new GetCommand({ TableName: table.name, Key: key, ConsistentRead: true }));
  const [{ Item: profileItem }, { Item: aggregatesItem }] = await Promise.all([
    read(keys.profile(profileId)),
    read(keys.aggregates(profileId)),
  ]);
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
