import { durationSeconds } from '../../language/duration.ts';
import type { Goal } from '../../language/scenario.ts';
import { eventsSince } from '../events/event-store.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { JourneyRef } from './journey-input.ts';

/**
 * Whether the customer's events since the journey's entry reach its goal within its window, the
 * event that started it aside: for a journey that has no record left (see journeyStatus).
 */
export async function goalReachedByEvents(store: ItemStore, ref: JourneyRef, goal: Goal): Promise<boolean> {
  const deadline = Date.parse(ref.enteredAt) + durationSeconds(goal.within) * 1000;
  return (await eventsSince(store, ref.profileId, new Date(ref.enteredAt).toISOString())).some(
    (event) =>
      event.id !== ref.eventId && Date.parse(event.time) <= deadline && matchesPattern(goal.event, event),
  );
}
