import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { readAggregates } from '../../../shared/profiles/store.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { appEvent, freshProfileId, ingestBundle, recordingTasks } from '../../helpers/ingest-fixtures.ts';

/**
 * An order's first delivery applies its aggregates, then fails further on (the journeys' query
 * here; Step Functions refusing StartExecution does the same). Its redelivery comes from
 * ingest's on-failure queue on AWS, or from the parked events at the next start locally, after
 * the customer's app has sent 100 counted events.
 */
describe('an order redelivered after 100 other counted events of its customer', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('is counted once in orders_count and revenue, the event marked once its aggregates are saved', async () => {
    // Prepare
    const profileId = freshProfileId();
    const deps = {
      store: dynamo.store,
      bundle: ingestBundle(),
      clock: new ManualClock('2026-11-20T12:00:00Z'),
      ...recordingTasks(),
    };
    const failingAfterAggregates: ItemStore = {
      ...dynamo.store,
      query: () => Promise.reject(new Error('DynamoDB unavailable')),
    };
    const order = appEvent(profileId, 'order.placed', '2026-11-20T10:00:00Z', { total: 40 });
    const first = await ingestEvents([order], { ...deps, store: failingAfterAggregates });
    for (let i = 0; i < 100; i++) {
      const at = new Date(Date.parse('2026-11-20T10:01:00Z') + i * 1000).toISOString();
      await ingestEvents([appEvent(profileId, 'app.opened', at)], deps);
    }

    // Act: the redelivery
    const redelivered = await ingestEvents([order], deps);

    // Assess
    expect(first.failed).toHaveLength(1);
    expect(redelivered.recovered).toBe(1);
    const { cells } = await readAggregates(dynamo.store, profileId);
    expect(cells.app_opens).toMatchObject({ value: 100 });
    expect(cells.orders_count).toMatchObject({ value: 1 });
    expect(cells.revenue).toMatchObject({ value: 40 });
  }, 60_000);
});
