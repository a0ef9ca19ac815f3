import { describe, expect, it } from 'vitest';
import { aggregatesView } from '../../../shared/aggregates/compute.ts';
import { eventsSince } from '../../../shared/events/event-store.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { rejectedOn } from '../../../shared/ingest/rejected-store.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { appEvent, freshProfileId } from '../../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../../helpers/ingest-harness.ts';

describe('ingest keeps invalid events aside', () => {
  const harness = useIngestHarness('2025-03-02T10:00:00Z');

  it('processes the valid events of a batch and stores the invalid one with a reason naming the field', async () => {
    // Prepare
    const profileId = freshProfileId();
    const before = appEvent(profileId, 'order.placed', '2025-03-02T09:00:00Z', { total: 10 });
    const invalid = { ...appEvent(profileId, 'order.placed', '2025-03-02T09:01:00Z'), detail: { total: 99 } };
    const after = appEvent(profileId, 'order.placed', '2025-03-02T09:02:00Z', { total: 5 });

    // Act
    const report = await ingestEvents([before, invalid, after], harness.deps);

    // Assess
    expect(report.accepted).toBe(2);
    expect(report.rejected).toEqual([
      { eventId: invalid.id, reason: expect.stringContaining('detail.profileId') },
    ]);
    const { aggregates } = await loadCustomer(harness.dynamo.store, profileId);
    expect(aggregatesView(aggregates)).toMatchObject({ orders_count: 2, revenue: 15 });
    const kept = (await rejectedOn(harness.dynamo.store, '2025-03-02')).find(
      ({ eventId }) => eventId === invalid.id,
    );
    expect(kept).toMatchObject({ raw: invalid, receivedAt: '2025-03-02T10:00:00.000Z' });
    expect(kept?.reason).toContain('detail.profileId');
  });

  it("keeps both of two customers' events of one id rejected at one instant, as a simulate file may give", async () => {
    // Prepare: ids are the file's in a backtest, and its clock stands still within an instant
    const [ana, ben] = [freshProfileId(), freshProfileId()];
    const events = [ana, ben].map((profileId) => ({
      ...appEvent(profileId, 'order.placed', '2025-03-02T09:00:00Z', { total: 2 ** 60 }),
      id: 'evt-shared',
    }));

    // Act
    const report = await ingestEvents(events, harness.deps);

    // Assess
    expect(report.rejected.map(({ profileId }) => profileId)).toEqual([ana, ben]);
    const kept = (await rejectedOn(harness.dynamo.store, '2025-03-02')).filter(
      ({ eventId }) => eventId === 'evt-shared',
    );
    expect(kept.map(({ profileId }) => profileId).sort()).toEqual([ana, ben].sort());
  });

  it('rejects a documented event whose detail is invalid, naming the detail field', async () => {
    // Prepare
    const profileId = freshProfileId();
    const change = appEvent(profileId, 'subscription.changed', '2025-03-02T09:00:00Z', {
      channel: 'fax',
      status: 'opted-in',
    });

    // Act
    const report = await ingestEvents([change], harness.deps);

    // Assess
    expect(report.accepted).toBe(0);
    expect(report.rejected).toEqual([
      { eventId: change.id, profileId, reason: expect.stringMatching(/^detail\.channel: /) },
    ]);
    expect(await eventsSince(harness.dynamo.store, profileId, '2025-01-01T00:00:00.000Z')).toEqual([]);
    expect((await loadCustomer(harness.dynamo.store, profileId)).profile).toBeUndefined();
  });

  it('keeps an event that is not even an envelope under an id derived from its content', async () => {
    // Prepare
    const garbage = { hello: 'world' };

    // Act
    const report = await ingestEvents([garbage, 'not an object'], harness.deps);

    // Assess
    expect(report.rejected).toHaveLength(2);
    expect(report.rejected[0]?.eventId).toMatch(/^unidentified-/);
    expect(report.rejected[0]?.reason).toContain('id: ');
    const stored = await rejectedOn(harness.dynamo.store, '2025-03-02');
    expect(stored.map(({ raw }) => raw)).toEqual(expect.arrayContaining([garbage, 'not an object']));
  });
});
