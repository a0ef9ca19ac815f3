import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import type { Profile } from '../../../shared/profiles/profile.ts';
import { loadCustomer, updateProfile } from '../../../shared/profiles/store.ts';
import { keys } from '../../../shared/store/keys.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';

const NOW = new Date('2026-11-16T00:00:00Z');

function profile(profileId: string, firstName: string): Profile {
  return {
    profileId,
    email: `${profileId}@example.com`,
    pushTokens: [],
    timeZone: 'Europe/Paris',
    consents: { email: 'opted-in', topics: {} },
    attributes: { firstName },
  };
}

describe('seeding a simulation with its profiles', () => {
  let seeded: LocalDynamo;
  let updated: LocalDynamo;

  beforeAll(async () => {
    [seeded, updated] = await Promise.all([startDynalite(), startDynalite()]);
  });

  afterAll(async () => {
    await Promise.all([seeded.stop(), updated.stop()]);
  });

  it('stores what updateProfile stores, in batches past 25, the later of two lines winning', async () => {
    // Prepare: 60 profiles (three batches), one of them given twice.
    const profiles = Array.from({ length: 60 }, (_, index) => profile(`p-${index}`, `First ${index}`));
    profiles.push(profile('p-7', 'Changed'));

    // Act
    await seedProfiles(seeded.store, profiles, NOW);
    for (const each of profiles) await updateProfile(updated.store, each.profileId, () => each, NOW);

    // Assess: item for item, what the customer's first updateProfile would have written.
    for (const { profileId } of profiles) {
      const read = async (dynamo: LocalDynamo) =>
        (
          await dynamo.table.documents.send(
            new GetCommand({ TableName: dynamo.table.name, Key: keys.profile(profileId) }),
          )
        ).Item;
      const [fromSeed, fromUpdates] = await Promise.all([read(seeded), read(updated)]);
      expect(fromSeed, profileId).toBeDefined();
      expect({ ...fromSeed, version: undefined }, profileId).toEqual({ ...fromUpdates, version: undefined });
    }
    expect((await loadCustomer(seeded.store, 'p-7')).profile?.attributes).toEqual({ firstName: 'Changed' });
    expect((await loadCustomer(seeded.store, 'p-59')).profile?.attributes).toEqual({ firstName: 'First 59' });
  });
});
