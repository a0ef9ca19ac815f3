import { describe, expect, it } from 'vitest';
import { EventStatusBoard } from '../../../local/dev/event-status.ts';
import { markProcessed, recordEvent } from '../../../shared/events/event-store.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';

const NOW = new Date('2026-12-04T10:00:00Z');
const EVENT = {
  id: 'evt-1',
  source: 'shop',
  'detail-type': 'cart.updated',
  time: '2026-12-04T09:59:00Z',
  detail: { profileId: 'ana' },
};

describe('GET /events/<id> after a restart, when the board never saw the event', () => {
  it("finds a processed event among its customer's events, and says why it cannot tell otherwise", async () => {
    // Prepare: processed by the server before it restarted; the new board has seen nothing.
    const store = memoryItemStore();
    await recordEvent(store, EVENT, NOW);
    await markProcessed(store, EVENT, NOW);
    const board = new EventStatusBoard();

    // Act
    const withProfile = await board.statusOf('evt-1', { store, now: NOW, profileId: 'ana' });
    const withoutProfile = await board.statusOf('evt-1', { store, now: NOW });
    const neverSent = await board.statusOf('evt-unknown', { store, now: NOW, profileId: 'ana' });

    // Assess
    expect(withProfile).toEqual({ eventId: 'evt-1', status: 'processed' });
    expect(withoutProfile).toEqual({
      eventId: 'evt-1',
      status: 'pending',
      note: expect.stringContaining('add ?profileId=<profileId>'),
    });
    expect(neverSent).toEqual({
      eventId: 'evt-unknown',
      status: 'pending',
      note: expect.stringContaining('never published'),
    });
  });
});
