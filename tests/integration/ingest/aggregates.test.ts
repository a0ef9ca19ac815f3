import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregatesView } from '../../../shared/aggregates/compute.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { type IngestDeps, ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { appEvent, freshProfileId, ingestBundle, recordingTasks } from '../../helpers/ingest-fixtures.ts';

describe('ingest keeps the declared aggregates', () => {
  let dynamo: LocalDynamo;
  let deps: IngestDeps;

  beforeAll(async () => {
    dynamo = await startDynalite();
    deps = {
      table: dynamo.table,
      bundle: ingestBundle(),
      clock: new ManualClock('2025-03-04T10:00:00Z'),
      ...recordingTasks(),
    };
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('keeps the last purchase time of each product, and an older order arriving late changes nothing', async () => {
    // Prepare
    const profileId = freshProfileId();
    const items = (...productIds: string[]) => productIds.map((productId) => ({ productId, quantity: 1 }));
    const firstOrder = appEvent(profileId, 'order.placed', '2025-03-01T09:00:00Z', {
      total: 30,
      items: items('product-a', 'product-b'),
    });
    const secondOrder = appEvent(profileId, 'order.placed', '2025-03-03T09:00:00Z', {
      total: 12,
      items: items('product-a'),
    });
    const lateOrder = appEvent(profileId, 'order.placed', '2025-02-20T09:00:00Z', {
      total: 8,
      items: items('product-b'),
    });

    // Act
    await ingestEvents([firstOrder, secondOrder, lateOrder], deps);

    // Assess
    const { aggregates } = await loadCustomer(dynamo.table, profileId);
    expect(aggregatesView(aggregates)).toEqual({
      orders_count: 3,
      revenue: 50,
      product_purchased_at: { 'product-a': '2025-03-03T09:00:00Z', 'product-b': '2025-03-01T09:00:00Z' },
    });
  });

  it('writes no aggregates for an event no aggregate listens to', async () => {
    // Prepare
    const profileId = freshProfileId();
    const viewed = appEvent(profileId, 'page.viewed', '2025-03-04T09:00:00Z', { path: '/pricing' });

    // Act
    await ingestEvents([viewed], deps);

    // Assess
    const { aggregates } = await loadCustomer(dynamo.table, profileId);
    expect(aggregates.version).toBe(0);
    expect(aggregates.cells).toEqual({});
  });
});
