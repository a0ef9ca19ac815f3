import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsSince, recordEvent } from '../../../shared/events/event-store.ts';
import { journeysOf, recordEntry } from '../../../shared/journeys/journey-store.ts';
import { loadCustomer, updateProfile } from '../../../shared/profiles/store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { appEvent, freshProfileId } from '../../helpers/ingest-fixtures.ts';

/** 12 items of ~120 KB: about 1.4 MB, more than one 1 MB page of a Query. */
const ITEMS = 12;
const LARGE_DETAIL = { blob: 'b'.repeat(120 * 1024) };
const now = new Date('2026-03-04T10:00:00Z');
const time = (index: number) => new Date(Date.UTC(2026, 2, 1, 0, index)).toISOString();

describe('reads of a customer with more than 1 MB of items', () => {
  let dynamo: LocalDynamo;
  const profileId = freshProfileId();
  const events = Array.from({ length: ITEMS }, (_, index) =>
    appEvent(profileId, 'page.viewed', time(index), LARGE_DETAIL),
  );

  beforeAll(async () => {
    // Prepare: the customer's profile, then over 1 MB of events and of journeys in the partition.
    dynamo = await startDynalite();
    await updateProfile(dynamo.store, profileId, (current) => ({ ...current, locale: 'fr' }), now);
    for (const event of events) await recordEvent(dynamo.store, event, now);
    for (const [index, event] of events.entries()) {
      await recordEntry(
        dynamo.store,
        {
          scenario: 'browse',
          profileId,
          journeyKey: `key-${index}`,
          execution: `execution-${index}`,
          eventId: event.id,
          enteredAt: event.time,
          group: 'treatment',
          variants: {},
          trigger: event,
        },
        'never',
        now,
      );
    }
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('eventsSince returns every event, oldest first', async () => {
    // Act
    const found = await eventsSince(dynamo.store, profileId, time(0));

    // Assess
    expect(found.map((event) => event.id)).toEqual(events.map((event) => event.id));
  });

  it('eventsSince still starts at the time asked', async () => {
    // Act
    const found = await eventsSince(dynamo.store, profileId, time(10));

    // Assess
    expect(found.map((event) => event.id)).toEqual(events.slice(10).map((event) => event.id));
  });

  it('journeysOf returns every journey', async () => {
    // Act
    const journeys = await journeysOf(dynamo.store, profileId);

    // Assess
    expect(journeys.map((journey) => journey.journeyKey).sort()).toEqual(
      Array.from({ length: ITEMS }, (_, index) => `key-${index}`).sort(),
    );
  });

  it('loadCustomer finds the profile behind the events', async () => {
    // Act
    const customer = await loadCustomer(dynamo.store, profileId);

    // Assess
    expect(customer.profile).toMatchObject({ profileId, locale: 'fr' });
  });
});
