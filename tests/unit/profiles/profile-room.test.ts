import { describe, expect, it } from 'vitest';
import { Profile } from '../../../shared/profiles/profile.ts';
import { fitProfile } from '../../../shared/profiles/profile-room.ts';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemSizeBytes } from '../../../shared/store/item-size.ts';

const itemOf = (profile: Profile) => ({
  ...profile,
  pk: `PROFILE#${profile.profileId}`,
  sk: 'PROFILE',
  version: 2,
});

describe('a profile fitted to its item', () => {
  it('is written as changed when the change does not grow it, though over the estimate', () => {
    // Prepare: 20,000 numeric traits, about 200 KB stored but over 400 KB as estimated (every
    // number at its 21 bytes), and a topic opt-out, written before the room rule
    const read = Profile.parse({
      profileId: 'jane',
      email: 'jane@example.com',
      consents: { topics: { news: 'opted-out' } },
      attributes: Object.fromEntries(Array.from({ length: 20_000 }, (_, index) => [`n${index}`, 1])),
      updatedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(itemSizeBytes(itemOf(read))).toBeGreaterThan(DYNAMODB_ITEM_LIMIT_BYTES);
    const changed = {
      ...read,
      attributes: { ...read.attributes, n0: 2 },
      updatedAt: '2026-11-20T11:00:00.000Z',
    };

    // Act
    const fitted = fitProfile(changed, read, itemOf);

    // Assess: nothing folded, no trait removed
    expect(fitted).toEqual({ profile: changed, removed: { traits: [], pushTokens: 0, optIns: [] } });
  });
});
