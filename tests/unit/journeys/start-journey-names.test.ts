import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { executionName } from '../../../shared/journeys/execution-name.ts';
import { PROFILE_JOURNEY_KEY, recordEntry } from '../../../shared/journeys/journey-store.ts';
import { type StartExecution, startJourney } from '../../../shared/journeys/start-journey.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { SORT_PREFIX } from '../../../shared/store/keys.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { appEvent, ingestBundle } from '../../helpers/ingest-fixtures.ts';

const AT = '2026-03-02T10:00:00.000Z';

/** Entry's dependencies on `store`, with a Step Functions that records the names it starts. */
function startDeps(store: ItemStore) {
  const names: string[] = [];
  const startExecution: StartExecution = async ({ name }) => void names.push(name);
  const deps = {
    store,
    bundle: ingestBundle(),
    clock: new ManualClock(AT),
    facts: memorySink(),
    startExecution,
  };
  return { starts: { names }, deps };
}

describe('the execution name of a journey start', () => {
  it('is the one an earlier attempt at the same event started under, when names changed since', async () => {
    // Prepare: an attempt that recorded the journey under the name of before (its digest without
    // the customer id), then died; the id holds a space, so the name shows it in part.
    const store = memoryItemStore();
    const event = appEvent('jane doe', 'cart.updated', AT, {});
    const before = 'jane-doe_cart_0123456789ab';
    await recordEntry(
      store,
      {
        scenario: 'cart',
        profileId: 'jane doe',
        journeyKey: PROFILE_JOURNEY_KEY,
        execution: before,
        eventId: event.id,
        enteredAt: AT,
        group: 'treatment',
        variants: {},
        version: 'cart-v1',
        trigger: event,
      },
      'never',
      new Date(AT),
    );
    const { starts, deps } = startDeps(store);

    // Act
    const redelivered = await startJourney({ scenario: 'cart', event }, deps);
    const first = await startJourney(
      { scenario: 'cart', event: appEvent('jane doe', 'cart.updated', AT, {}), mayBeRetry: false },
      { ...deps, store: memoryItemStore() },
    );

    // Assess: the redelivery finds the journey it started; a first delivery takes today's name.
    expect(redelivered).toMatchObject({ outcome: 'started', execution: before });
    expect(first).toMatchObject({ outcome: 'started' });
    expect(starts.names[0]).toBe(before);
    expect(starts.names[1]).not.toBe(before);
    expect(starts.names[1]).toMatch(/^jane-doe_cart_[0-9a-f]{12}$/);
  });

  it('is computed, not read, for a customer whose whole id the name shows', async () => {
    // Prepare: a store that records the keys read
    const memory = memoryItemStore();
    const read: string[] = [];
    const store = {
      ...memory,
      get: (key: Parameters<typeof memory.get>[0]) => {
        read.push(key.sk);
        return memory.get(key);
      },
    };
    const event = appEvent('customer-42', 'cart.updated', AT, {});
    const { starts, deps } = startDeps(store);

    // Act
    await startJourney({ scenario: 'cart', event }, deps);

    // Assess
    expect(starts.names).toEqual([executionName('customer-42', 'cart', PROFILE_JOURNEY_KEY, event.id)]);
    expect(read.filter((sk) => sk.startsWith(SORT_PREFIX.journey))).toEqual([]);
  });
});
