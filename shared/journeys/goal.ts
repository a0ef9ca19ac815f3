import { durationSeconds } from '../../language/duration.ts';
import type { Goal } from '../../language/scenario.ts';
import { eventsSince } from '../events/event-store.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { JourneyRef } from './journey-input.ts';
import { getJourney, type JourneyRecord } from './journey-store.ts';

/** A journey as a step finds it: its record (with the trigger event), and whether it converted. */
export type JourneyStatus = { readonly record: JourneyRecord | undefined; readonly converted: boolean };

/**
 * Reads the journey's record once and tells whether the customer reached the goal since entering.
 * Conversions are decided where events arrive (ingest, and entry for goal events that came before
 * the journey was recorded: shared/outcomes/conversion.ts), so the journey's own record says it
 * all. A re-entry replaces the record, though: a journey still running after the customer entered
 * again reads its goal from the customer's events instead, so it still sends nothing once the
 * customer converted (its conversion fact was the newer journey's to write).
 */
export async function journeyStatus(
  store: ItemStore,
  ref: JourneyRef,
  goal: Goal | undefined,
): Promise<JourneyStatus> {
  const record = await getJourney(store, ref);
  if (goal === undefined) return { record, converted: false };
  if (record?.execution === ref.execution) return { record, converted: record.convertedAt !== undefined };
  const deadline = Date.parse(ref.enteredAt) + durationSeconds(goal.within) * 1000;
  const converted = (await eventsSince(store, ref.profileId, new Date(ref.enteredAt).toISOString())).some(
    (event) =>
      event.id !== ref.eventId && Date.parse(event.time) <= deadline && matchesPattern(goal.event, event),
  );
  return { record, converted };
}

/** For a step that needs no more of the record than that: with no goal, nothing is read. */
export async function goalReached(
  store: ItemStore,
  ref: JourneyRef,
  goal: Goal | undefined,
): Promise<boolean> {
  return goal !== undefined && (await journeyStatus(store, ref, goal)).converted;
}
