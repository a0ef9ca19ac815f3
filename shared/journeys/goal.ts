import type { Goal } from '../../state-machines/language/scenario.ts';
import type { Table } from '../store/table.ts';
import type { JourneyRef } from './journey-input.ts';
import { getJourney, type JourneyRecord } from './journey-store.ts';

/** A journey as a step finds it: its record (with the trigger event), and whether it converted. */
export type JourneyStatus = { readonly record: JourneyRecord | undefined; readonly converted: boolean };

/**
 * Reads the journey's record once and tells whether the customer reached the goal since entering.
 * Conversions are decided where events arrive (ingest, and entry for goal events that came before
 * the journey was recorded: shared/outcomes/conversion.ts), so the record says it all.
 */
export async function journeyStatus(
  table: Table,
  ref: JourneyRef,
  goal: Goal | undefined,
): Promise<JourneyStatus> {
  const record = await getJourney(table, ref);
  if (goal === undefined) return { record, converted: false };
  const ours = record?.execution === ref.execution ? record : undefined;
  return { record, converted: ours?.convertedAt !== undefined };
}

/** For a step that needs no more of the record than that: with no goal, nothing is read. */
export async function goalReached(table: Table, ref: JourneyRef, goal: Goal | undefined): Promise<boolean> {
  return goal !== undefined && (await journeyStatus(table, ref, goal)).converted;
}
