import { durationSeconds } from '../../state-machines/language/duration.ts';
import type { Goal } from '../../state-machines/language/scenario.ts';
import { eventsSince } from '../events/event-store.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import type { Table } from '../store/table.ts';
import type { JourneyRef } from './journey-input.ts';
import { getJourney, type JourneyRecord, markConverted } from './journey-store.ts';

/** A journey as a step finds it: its record (with the trigger event), and whether it converted. */
export type JourneyStatus = { readonly record: JourneyRecord | undefined; readonly converted: boolean };

/**
 * Reads the journey's record once and tells whether the customer reached the goal since entering,
 * within its window. Ingest marks journeys when a goal event arrives; the customer's recorded
 * events are checked too, so a goal event that raced the journey's start still counts.
 */
export async function journeyStatus(
  table: Table,
  ref: JourneyRef,
  goal: Goal | undefined,
): Promise<JourneyStatus> {
  const record = await getJourney(table, ref);
  if (goal === undefined) return { record, converted: false };
  const ours = record?.execution === ref.execution ? record : undefined;
  if (ours?.convertedAt !== undefined) return { record, converted: true };
  const deadline = Date.parse(ref.enteredAt) + durationSeconds(goal.within) * 1000;
  const since = new Date(ref.enteredAt).toISOString();
  const converting = (await eventsSince(table, ref.profileId, since)).find(
    (event) => Date.parse(event.time) <= deadline && matchesPattern(goal.event, event),
  );
  if (converting === undefined) return { record, converted: false };
  if (ours !== undefined) await markConverted(table, ours, converting.time);
  return { record, converted: true };
}

/** For a step that needs no more of the record than that: with no goal, nothing is read. */
export async function goalReached(table: Table, ref: JourneyRef, goal: Goal | undefined): Promise<boolean> {
  return goal !== undefined && (await journeyStatus(table, ref, goal)).converted;
}
