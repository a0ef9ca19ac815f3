import type { Goal } from '../../language/scenario.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { JourneyRef } from './journey-input.ts';
import { type JourneyRecord, journeyOf } from './journey-store.ts';

/** A journey as a step finds it: its record (with the trigger event), and whether it converted. */
export type JourneyStatus = { readonly record: JourneyRecord | undefined; readonly converted: boolean };

/**
 * Reads the journey's record once and tells whether the customer reached the goal since entering.
 * Conversions are decided where events arrive (ingest, and entry for goal events that came before
 * the journey was recorded: shared/outcomes/conversion.ts), so the journey's own record says it
 * all, under its key or, once a re-entry replaced it, under its own (see recordEntry). A journey
 * replaced before those were kept has no record left: it reads its goal from the customer's events
 * instead, so it still sends nothing once the customer converted. That reading, and the event
 * pattern matcher it needs, is loaded only then (a chunk of its own in the step functions'
 * bundles): every other journey has a record, and every step function's cold start read it.
 */
export async function journeyStatus(
  store: ItemStore,
  ref: JourneyRef,
  goal: Goal | undefined,
): Promise<JourneyStatus> {
  const record = await journeyOf(store, ref);
  if (goal === undefined) return { record, converted: false };
  if (record !== undefined) return { record, converted: record.convertedAt !== undefined };
  const { goalReachedByEvents } = await import('./goal-from-events.ts');
  return { record, converted: await goalReachedByEvents(store, ref, goal) };
}

/** For a step that needs no more of the record than that: with no goal, nothing is read. */
export async function goalReached(
  store: ItemStore,
  ref: JourneyRef,
  goal: Goal | undefined,
): Promise<boolean> {
  return goal !== undefined && (await journeyStatus(store, ref, goal)).converted;
}
