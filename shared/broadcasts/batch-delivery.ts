import * as z from 'zod/mini';
import { ERROR_NAMES } from '../../language/error-names.ts';
import type { EntryStartDeps } from '../ingest/start-triggered-journeys.ts';
import { enterOccurrence } from './occurrence-entry.ts';
import { Occurrence } from './occurrence-event.ts';

/** One recipient of a batch, as the Distributed Map's ItemSelector writes it. */
export const BatchRecipient = z.object({
  profileId: z.string().check(z.minLength(1)),
  occurrence: Occurrence,
  /** The wave's instant: the trigger event's time, the same on every attempt. */
  at: z.iso.datetime(),
  /** 0: unpaced (see pace.ts). */
  ratePerSecond: z.number().check(z.nonnegative()),
});
export type BatchRecipient = z.infer<typeof BatchRecipient>;

export const DeliveryBatch = z.object({
  recipients: z.array(BatchRecipient).check(
    z.minLength(1),
    z.refine(
      (recipients) =>
        recipients.every(
          (recipient) =>
            recipient.at === recipients[0]?.at &&
            recipient.occurrence.scenario === recipients[0]?.occurrence.scenario &&
            recipient.occurrence.reading === recipients[0]?.occurrence.reading,
        ),
      'a batch holds one wave of one occurrence',
    ),
  ),
});
export type DeliveryBatch = z.infer<typeof DeliveryBatch>;

/** What a batch did, by entry outcome: the Distributed Map's results file keeps it. */
export type BatchCounts = {
  started: number;
  /** Entries refused, by reason (unreachable, already-entered, …). */
  skipped: Record<string, number>;
  /** Customers no longer in the audience when their turn came. */
  outside: number;
};

export type BatchDeps = EntryStartDeps & {
  readonly sleep: (milliseconds: number) => Promise<void>;
  /** How long the invocation may still run. */
  readonly remainingMs: () => number;
};

/**
 * Time kept back at the end of an invocation to throw cleanly rather than be cut off: a whole
 * send step's budget, the send function's 30 s (its worst provider call is 23 s, with the ledger
 * writes around it: shared/channels/provider-client-config.ts), so no send starts that the
 * invocation's end could cut in the middle.
 */
export const BATCH_MARGIN_MS = 30_000;
/** Waits between rounds of failed entries (throttling): 1 s doubling to a minute. */
const BACKOFF_MS = { first: 1_000, most: 60_000 } as const;

/**
 * Some recipients could not be entered yet (a throttled send, a store error): the state machine
 * retries the batch with backoff for hours (RETRY_TRANSIENT). Those already entered are found
 * entered and skipped at once; nothing is sent twice.
 */
export class BatchUnfinishedError extends Error {
  override readonly name = ERROR_NAMES.retryable;
}

/**
 * Enters each recipient of a batch into the occurrence, one after another at the batch's pace,
 * so that all batches together stay under the account's send rate (pace.ts). A recipient whose
 * entry failed (SES throttling, a store error) is tried again after the others, with backoff,
 * for as long as the invocation allows; then the batch is thrown back to be retried, naming them.
 */
export async function deliverBatch(batch: DeliveryBatch, deps: BatchDeps): Promise<BatchCounts> {
  const [first] = batch.recipients;
  if (first === undefined) return { started: 0, skipped: {}, outside: 0 };
  const { occurrence } = first;
  const at = new Date(first.at);
  const interval = first.ratePerSecond > 0 ? 1000 / first.ratePerSecond : 0;
  const counts: BatchCounts = { started: 0, skipped: {}, outside: 0 };
  // A batch starts one interval in, as if its first recipient followed the previous batch's last:
  // batches run back to back, and the pace holds across them.
  let nextStart = deps.clock.now().getTime() + interval;
  let pending = batch.recipients.map((recipient) => recipient.profileId);
  for (let round = 0; ; round += 1) {
    const failed: { profileId: string; error: string }[] = [];
    for (const [index, profileId] of pending.entries()) {
      const wait = nextStart - deps.clock.now().getTime();
      if (wait > 0) await deps.sleep(wait);
      // Checked after the pace's wait, just before the entry and its send start.
      if (deps.remainingMs() < BATCH_MARGIN_MS) {
        throw unfinished(
          occurrence,
          [...failed.map((f) => f.profileId), ...pending.slice(index)],
          'time ran out',
        );
      }
      nextStart = Math.max(nextStart, deps.clock.now().getTime()) + interval;
      const outcome = await enterOccurrence(occurrence, profileId, at, deps).catch((error: unknown) => ({
        outcome: 'failed' as const,
        error: error instanceof Error ? error.message : String(error),
      }));
      if (outcome === undefined) counts.outside += 1;
      else if (outcome.outcome === 'started') counts.started += 1;
      else if (outcome.outcome === 'skipped')
        counts.skipped[outcome.reason] = (counts.skipped[outcome.reason] ?? 0) + 1;
      else failed.push({ profileId, error: outcome.error });
    }
    if (failed.length === 0) return counts;
    const backoff = Math.min(BACKOFF_MS.most, BACKOFF_MS.first * 2 ** round);
    if (deps.remainingMs() - backoff < BATCH_MARGIN_MS) {
      throw unfinished(
        occurrence,
        failed.map((f) => f.profileId),
        failed[0]?.error ?? '',
      );
    }
    await deps.sleep(backoff);
    pending = failed.map((f) => f.profileId);
  }
}

function unfinished(
  occurrence: Occurrence,
  profileIds: readonly string[],
  why: string,
): BatchUnfinishedError {
  const named = profileIds.slice(0, 10).join(', ');
  const more = profileIds.length > 10 ? ` and ${profileIds.length - 10} more` : '';
  return new BatchUnfinishedError(
    `broadcast ${occurrence.scenario} ${occurrence.reading}: ${profileIds.length} recipient(s) not entered yet (${named}${more}): ${why}`,
  );
}
