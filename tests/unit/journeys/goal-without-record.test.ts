import { describe, expect, it } from 'vitest';
import type { Goal } from '../../../language/scenario.ts';
import { EventEnvelope } from '../../../shared/events/envelope.ts';
import { recordEvent } from '../../../shared/events/event-store.ts';
import { journeyStatus } from '../../../shared/journeys/goal.ts';
import type { JourneyRef } from '../../../shared/journeys/journey-input.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { appEvent } from '../../helpers/ingest-fixtures.ts';

const GOAL: Goal = { event: { source: ['shop'], 'detail-type': ['order.placed'] }, within: '1d' };
const ENTERED_AT = '2026-11-20T12:00:00.000Z';

/** A journey whose record a re-entry replaced before records were kept: it has none left. */
function journeyWithoutRecord(eventId: string): JourneyRef {
  return {
    scenario: 'abandoned-cart',
    profileId: 'c-replaced',
    key: 'c-replaced',
    execution: 'exec-replaced',
    eventId,
    enteredAt: ENTERED_AT,
  };
}

async function storeWith(...events: EventEnvelope[]) {
  const store = memoryItemStore();
  for (const event of events) await recordEvent(store, EventEnvelope.parse(event), new Date(event.time));
  return store;
}

describe('the goal of a journey that has no record left', () => {
  it('is reached by a goal event of its window, read from the customer’s events', async () => {
    // Prepare
    const trigger = appEvent('c-replaced', 'cart.abandoned', ENTERED_AT);
    const order = appEvent('c-replaced', 'order.placed', '2026-11-20T18:00:00Z');
    const store = await storeWith(trigger, order);

    // Act
    const status = await journeyStatus(store, journeyWithoutRecord(trigger.id), GOAL);

    // Assess
    expect(status).toEqual({ record: undefined, converted: true });
  });

  it('is not reached by an order past its window, nor by the event that started it', async () => {
    // Prepare: the trigger is itself a goal event
    const trigger = appEvent('c-replaced', 'order.placed', ENTERED_AT);
    const late = appEvent('c-replaced', 'order.placed', '2026-11-21T12:00:01Z');
    const store = await storeWith(trigger, late);

    // Act
    const status = await journeyStatus(store, journeyWithoutRecord(trigger.id), GOAL);

    // Assess
    expect(status).toEqual({ record: undefined, converted: false });
  });
});
