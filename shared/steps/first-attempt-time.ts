import { EXPIRES_AT, epochSeconds } from '../store/expiry.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';

/**
 * Long past the last retry of a Task (Step Functions retries a step for hours at most), so a retry
 * always finds the first attempt's time.
 */
const RETENTION_SECONDS = 7 * 86_400;

/**
 * The time of a step's first attempt, kept by a conditional write, for what a retry must repeat
 * exactly. An emit step publishes its event at it, so a Task that Step Functions retries (the
 * first PutEvents taken, its answer lost) publishes the same event at the same time, and ingest,
 * which knows it by its origin and time, records it once; a webhook step renders its body's `now`
 * with it, so a retry under the same idempotency key sends the same body (a receiver following
 * the Idempotency-Key draft refuses another body under a used key). The attempt's clock would move
 * with each retry, and the Task's input holds no time of the state.
 */
export async function firstAttemptTime(
  store: ItemStore,
  step: { readonly profileId: string; readonly execution: string; readonly step: string },
  now: Date,
): Promise<Date> {
  const key = keys.firstAttempt(step.profileId, step.execution, step.step);
  const first = await store.put(
    { ...key, at: now.toISOString(), [EXPIRES_AT]: epochSeconds(now) + RETENTION_SECONDS },
    { condition: when.itemAbsent },
  );
  if (first) return now;
  const kept = await store.get(key);
  const at = typeof kept?.at === 'string' ? new Date(kept.at) : undefined;
  return at === undefined || Number.isNaN(at.getTime()) ? now : at;
}
