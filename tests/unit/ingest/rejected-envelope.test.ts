import { describe, expect, it } from 'vitest';
import { keepRejected } from '../../../shared/ingest/rejected-store.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';

const NOW = new Date('2026-12-04T10:00:00Z');

describe('a rejected event kept', () => {
  it('is listed by the envelope fields it says readably, each unreadable one dropped alone', async () => {
    // Prepare
    const raw = {
      id: 'e-1',
      source: 's'.repeat(300),
      'detail-type': 42,
      detail: { profileId: 'ana', total: 'x' },
    };

    // Act
    const facts = await keepRejected(
      memoryItemStore(),
      { eventId: 'e-1', reason: 'detail.total: bad', raw },
      NOW,
    );

    // Assess
    expect(facts).toEqual({ profileId: 'ana' });
  });

  it('keeps what it can of an envelope whose detail is not an object', async () => {
    // Prepare
    const raw = { source: 'shop', 'detail-type': 'cart.updated', detail: 'not an object' };

    // Act
    const facts = await keepRejected(memoryItemStore(), { eventId: 'e-2', reason: 'detail: bad', raw }, NOW);

    // Assess
    expect(facts).toEqual({ source: 'shop', detailType: 'cart.updated' });
  });

  it('says nothing of a value that is not an envelope at all', async () => {
    const facts = await keepRejected(
      memoryItemStore(),
      { eventId: 'e-3', reason: 'id: bad', raw: 'text' },
      NOW,
    );

    expect(facts).toEqual({});
  });
});
