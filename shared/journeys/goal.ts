import { durationSeconds } from '../../state-machines/language/duration.ts';
import type { Goal } from '../../state-machines/language/scenario.ts';
import { eventsSince } from '../events/event-store.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import type { Table } from '../store/table.ts';
import type { JourneyRef } from './journey-input.ts';
import { getJourney, markConverted } from './journey-store.ts';

/**
 * Whether the customer reached the journey's goal since entering it, within its window. Ingest
 * marks journeys when a goal event arrives; the customer's recorded events are checked too, so a
 * goal event that raced the journey's start still counts.
 */
export async function goalReached(table: Table, ref: JourneyRef, goal: Goal | undefined): Promise<boolean> {
  if (goal === undefined) return false;
  const record = await getJourney(table, ref);
  if (record?.execution === ref.execution && record.convertedAt !== undefined) return true;
  const deadline = Date.parse(ref.enteredAt) + durationSeconds(goal.within) * 1000;
  const since = new Date(ref.enteredAt).toISOString();
  const converting = (await eventsSince(table, ref.profileId, since)).find(
    (event) => Date.parse(event.time) <= deadline && matchesPattern(goal.event, event),
  );
  if (converting === undefined) return false;
  if (record?.execution === ref.execution) await markConverted(table, record, converting.time);
  return true;
}
