import { describe, expect, it } from 'vitest';
import { listRejected } from '../../../local/dev/rejected-listing.ts';
import { keepRejected } from '../../../shared/ingest/rejected-store.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';

const NOW = new Date('2026-12-04T10:00:00Z');
const DAY_MS = 86_400_000;

async function storeWithRejectedDaysAgo(...daysAgo: number[]) {
  const store = memoryItemStore();
  for (const days of daysAgo) {
    const raw = { id: `e-${days}`, detail: { profileId: 'ana' } };
    await keepRejected(
      store,
      { eventId: `e-${days}`, reason: 'detail.total: bad', raw },
      new Date(NOW.getTime() - days * DAY_MS),
    );
  }
  return store;
}

describe('the listing of rejected events', () => {
  it('covers the span asked for when the store keeps all of it', async () => {
    // Prepare
    const store = await storeWithRejectedDaysAgo(2, 9);

    // Act
    const listing = await listRejected(store, { since: '7d' }, NOW);

    // Assess
    expect(listing.from).toBe(new Date(NOW.getTime() - 7 * DAY_MS).toISOString());
    expect(listing.to).toBe(NOW.toISOString());
    expect(listing.events.map(({ eventId }) => eventId)).toEqual(['e-2']);
  });

  it('names the span it read, not a longer one asked for, when that starts before the days kept', async () => {
    // Prepare: rejected events are kept 30 days; one older is still in a store that never expires
    const store = await storeWithRejectedDaysAgo(2, 35);

    // Act
    const listing = await listRejected(store, { since: '40d' }, NOW);

    // Assess
    expect(listing.from).toBe(new Date(NOW.getTime() - 31 * DAY_MS).toISOString());
    expect(listing.events.map(({ eventId }) => eventId)).toEqual(['e-2']);
  });
});
