import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Profile } from '../../shared/profiles/profile.ts';
import { keys } from '../../shared/store/keys.ts';
import type { Table } from '../../shared/store/table.ts';

/** DynamoDB's limit of requests in one BatchWriteItem. */
const BATCH_SIZE = 25;

/**
 * Stores a simulation's profiles in its fresh table, 25 to a request. A fresh table has nothing
 * to read or to race with, so the conditional read-then-write of updateProfile, one customer at a
 * time, would only make a backtest of many customers wait. Each item is what updateProfile would
 * have written first (version 1); when a profile id appears twice, the later line wins, as it
 * would have there.
 */
export async function seedProfiles(table: Table, profiles: readonly Profile[], now: Date): Promise<void> {
  const latest = new Map(profiles.map((profile) => [profile.profileId, profile]));
  const items = [...latest.values()].map((profile) => ({
    ...Profile.parse({ ...profile, updatedAt: now.toISOString() }),
    ...keys.profile(profile.profileId),
    version: 1,
  }));
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = items
      .slice(start, start + BATCH_SIZE)
      .map((Item) => ({ PutRequest: { Item } }));
    // A batch may come back partly unprocessed (throttling, size): send the rest again.
    while (requests.length > 0) {
      const { UnprocessedItems } = await table.documents.send(
        new BatchWriteCommand({ RequestItems: { [table.name]: requests } }),
      );
      requests = (UnprocessedItems?.[table.name] ?? []).flatMap((request) =>
        request.PutRequest?.Item === undefined ? [] : [{ PutRequest: { Item: request.PutRequest.Item } }],
      );
    }
  }
}
