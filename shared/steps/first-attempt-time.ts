import { EXPIRES_AT, epochSeconds } from '../store/expiry.ts';
import { type ItemStore, type StoredItem, when } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';

/**
 * Long past the last retry of a Task (Step Functions retries a step for hours at most), so a retry
 * always finds the first attempt's record.
 */
const RETENTION_SECONDS = 7 * 86_400;

/** The step of a journey whose attempts are told apart. */
export type StepAttempt = { readonly profileId: string; readonly execution: string; readonly step: string };

/**
 * Keeps the record of a step's first attempt, its time and `fields`, by a conditional write: true
 * when this attempt is the first, false when another attempt kept its own before.
 */
export function keepFirstAttempt(
  store: ItemStore,
  step: StepAttempt,
  now: Date,
  fields: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  return store.put(
    {
      ...keys.firstAttempt(step.profileId, step.execution, step.step),
      ...fields,
      at: now.toISOString(),
      [EXPIRES_AT]: epochSeconds(now) + RETENTION_SECONDS,
    },
    { condition: when.itemAbsent },
  );
}

/** The record an earlier attempt of the step kept, if one did. */
export function firstAttemptRecord(store: ItemStore, step: StepAttempt): Promise<StoredItem | undefined> {
  return store.get(keys.firstAttempt(step.profileId, step.execution, step.step));
}

/** The time a first attempt's record holds, or undefined when it holds none that reads as one. */
export function keptTime(record: StoredItem): Date | undefined {
  const at = typeof record.at === 'string' ? new Date(record.at) : undefined;
  return at === undefined || Number.isNaN(at.getTime()) ? undefined : at;
}

/**
 * The time of a step's first attempt, for what a retry must repeat exactly. An emit step publishes
 * its event at it, so a Task that Step Functions retries (the first PutEvents taken, its answer
 * lost) publishes the same event at the same time, and ingest, which knows it by its origin and
 * time, records it once. The attempt's clock would move with each retry, and the Task's input
 * holds no time of the state.
 */
export async function firstAttemptTime(store: ItemStore, step: StepAttempt, now: Date): Promise<Date> {
  if (await keepFirstAttempt(store, step, now, {})) return now;
  const kept = await firstAttemptRecord(store, step);
  return (kept === undefined ? undefined : keptTime(kept)) ?? now;
}
