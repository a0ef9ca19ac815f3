import { releaseCap } from '../caps/frequency-caps.ts';
import type { LedgerRecord } from '../ledger/ledger-record.ts';
import { findOutcome, isStale, recordAbandonedCall } from '../ledger/ledger-store.ts';
import type { SendContext } from './send-context.ts';
import { SendInProgressError } from './send-errors.ts';
import type { SendResult } from './send-input.ts';

/**
 * What a step's existing ledger record means for this attempt: its result if the step is settled,
 * undefined if this attempt may go on (a stale claim of an attempt that never called the
 * provider), or SendInProgressError while another attempt may still be alive.
 */
export async function settleExisting(
  existing: LedgerRecord,
  context: SendContext,
): Promise<LedgerRecord | undefined> {
  const { deps, now, input } = context;
  switch (existing.outcome) {
    case 'sending': {
      if (existing.callStartedAt === undefined) {
        if (isStale(existing.claimedAt, now)) return undefined;
        throw new SendInProgressError();
      }
      if (!isStale(existing.callStartedAt, now)) throw new SendInProgressError();
      // The attempt that called the provider is gone without an answer. The message may have gone
      // out, so it is not sent again, for marketing and transactional alike (see claimed-send.ts).
      const recorded = await recordAbandonedCall(deps.store, existing, now);
      if (recorded !== undefined) {
        deps.observe?.(recorded);
        return recorded;
      }
      // Another attempt settled the step first: its record stands.
      const settled = await findOutcome(deps.store, context.ref);
      if (settled === undefined || settled.outcome === 'sending') throw new SendInProgressError();
      return settled;
    }
    case 'failed':
      // Completes a cap release the failing attempt may not have reached; releasing is idempotent.
      if (input.category === 'marketing')
        await releaseCap(deps.store, input.journey.profileId, context.capId);
      return existing;
    case 'sent':
    case 'skipped':
    case 'uncertain':
    case 'deferred':
      return existing;
  }
}

/** The step's record as it stands, settled if it can be; otherwise another attempt holds it. */
export async function settledNow(context: SendContext): Promise<LedgerRecord> {
  const existing = await findOutcome(context.deps.store, context.ref);
  const settled = existing === undefined ? undefined : await settleExisting(existing, context);
  if (settled === undefined) throw new SendInProgressError();
  return settled;
}

/** The Task's answer for a settled ledger record. */
export function resultOf(entry: LedgerRecord): SendResult {
  const details = {
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    ...(entry.providerMessageId === undefined ? {} : { messageId: entry.providerMessageId }),
  };
  switch (entry.outcome) {
    case 'sent':
    case 'skipped':
    case 'failed':
    case 'uncertain':
      return { outcome: entry.outcome, ...details };
    case 'deferred':
      // Deferrals live under their own key; the step itself has not been decided.
      return { outcome: 'skipped', ...details };
    case 'sending':
      throw new SendInProgressError();
  }
}
