import { describe, expect, it } from 'vitest';
import { EventEnvelope } from '../../../shared/events/envelope.ts';
import { markProcessed, recordEvent } from '../../../shared/events/event-store.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { appEvent } from '../../helpers/ingest-fixtures.ts';

describe('recordEvent', () => {
  it('gives every delivery of an event the time its first delivery arrived', async () => {
    // Prepare
    const store = memoryItemStore();
    const event = EventEnvelope.parse(appEvent('p-1', 'page.viewed', '2026-11-20T12:04:00Z'));
    const first = new Date('2026-11-20T12:00:00Z');

    // Act
    const stored = await recordEvent(store, event, first);
    const unfinished = await recordEvent(store, event, new Date('2026-11-20T12:10:00Z'));
    await markProcessed(store, event, new Date('2026-11-20T12:11:00Z'));
    const processed = await recordEvent(store, event, new Date('2026-11-20T12:20:00Z'));

    // Assess
    expect([stored, unfinished, processed]).toEqual([
      { recording: 'first', firstArrival: first, aggregatesApplied: false },
      { recording: 'unfinished', firstArrival: first, aggregatesApplied: false },
      { recording: 'processed', firstArrival: first, aggregatesApplied: false },
    ]);
  });
});
