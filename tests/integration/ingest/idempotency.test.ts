import { describe, expect, it } from 'vitest';
import { aggregatesView } from '../../../shared/aggregates/compute.ts';
import { eventsSince } from '../../../shared/events/event-store.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { appEvent, freshProfileId } from '../../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../../helpers/ingest-harness.ts';

describe('ingest is exactly-once per event id', () => {
  const harness = useIngestHarness('2025-03-01T10:00:00Z');

  it('counts an event delivered twice once, and reports the second delivery as a duplicate', async () => {
    // Prepare
    const profileId = freshProfileId();
    const order = appEvent(profileId, 'order.placed', '2025-03-01T09:00:00Z', { total: 40 });

    // Act
    const first = await ingestEvents([order], harness.deps);
    const second = await ingestEvents([order], harness.deps);

    // Assess
    expect(first).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(second).toMatchObject({ accepted: 0, duplicates: 1 });
    const { aggregates } = await loadCustomer(harness.dynamo.store, profileId);
    expect(aggregatesView(aggregates)).toMatchObject({ orders_count: 1, revenue: 40 });
    expect(await eventsSince(harness.dynamo.store, profileId, '2025-01-01T00:00:00.000Z')).toHaveLength(1);
  });

  it('counts one event once when 20 deliveries of it run at the same time', async () => {
    // A delivery that finds the event stored but not yet processed finishes it (an earlier one may
    // have crashed): it is reported as recovered, and every effect still happens once.
    // Prepare
    const profileId = freshProfileId();
    const order = appEvent(profileId, 'order.placed', '2025-03-01T09:00:00Z', { total: 25 });

    // Act
    const reports = await Promise.all(Array.from({ length: 20 }, () => ingestEvents([order], harness.deps)));

    // Assess
    expect(reports.reduce((sum, report) => sum + report.accepted, 0)).toBe(1);
    expect(reports.reduce((sum, report) => sum + report.duplicates + report.recovered, 0)).toBe(19);
    expect(reports.flatMap((report) => report.failed)).toEqual([]);
    const { aggregates } = await loadCustomer(harness.dynamo.store, profileId);
    expect(aggregatesView(aggregates)).toMatchObject({ orders_count: 1, revenue: 25 });
  });

  it('keeps exact counts when 20 different events of one customer are ingested at the same time', async () => {
    // Prepare
    const profileId = freshProfileId();
    const orders = Array.from({ length: 20 }, (_, n) =>
      appEvent(profileId, 'order.placed', `2025-03-01T09:${String(n).padStart(2, '0')}:00Z`, {
        total: n + 1,
      }),
    );

    // Act
    const reports = await Promise.all(orders.map((order) => ingestEvents([order], harness.deps)));

    // Assess
    expect(reports.flatMap((report) => report.failed)).toEqual([]);
    expect(reports.reduce((sum, report) => sum + report.accepted, 0)).toBe(20);
    const { aggregates } = await loadCustomer(harness.dynamo.store, profileId);
    expect(aggregatesView(aggregates)).toMatchObject({ orders_count: 20, revenue: 210 });
  });
});
