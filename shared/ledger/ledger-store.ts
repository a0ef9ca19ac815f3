import { SEND_CLAIM_LIFETIME_SECONDS } from '../../language/send-claim.ts';
import { EXPIRES_AT, epochSeconds } from '../store/expiry.ts';
import { type Condition, type ItemStore, when } from '../store/item-store.ts';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { LedgerRecord, type UncertainReason } from './ledger-record.ts';

const RETENTION_DAYS = 400;

type StepRef = { profileId: string; execution: string; step: string };
/** The attempt that holds a step's claim. */
export type Claim = { readonly ref: StepRef; readonly claimId: string };

const SENDING = 'sending';
const UNCERTAIN = 'uncertain';

const finalKey = (ref: StepRef) => keys.ledger(ref.profileId, ref.execution, ref.step);
const deferralKey = (ref: StepRef) => keys.ledger(ref.profileId, ref.execution, `${ref.step}~deferred`);

/** Whether a claim's moment (claimedAt or callStartedAt) is older than any live attempt. */
export function isStale(moment: string | undefined, now: Date): boolean {
  return moment !== undefined && moment < staleBefore(now);
}

function staleBefore(now: Date): string {
  return new Date(now.getTime() - SEND_CLAIM_LIFETIME_SECONDS * 1000).toISOString();
}

export async function findOutcome(store: ItemStore, ref: StepRef): Promise<LedgerRecord | undefined> {
  const item = await store.get(finalKey(ref));
  return item === undefined ? undefined : LedgerRecord.parse(item);
}

/**
 * Claims the right to deliver a step, once: the record is created as "sending" unless a record
 * exists, or only a stale claim of a dead invocation that never called the provider does. A claim
 * whose call started is never taken over: nobody knows whether that message went out. The ledger
 * record is the idempotency record, keyed by the customer so it never becomes a hot partition.
 */
export async function claimSend(
  store: ItemStore,
  record: LedgerRecord,
  claimId: string,
  now: Date,
): Promise<Claim | undefined> {
  const claimed = await store.put(
    {
      ...finalKey(record),
      ...record,
      outcome: SENDING,
      claimId,
      claimedAt: now.toISOString(),
      ...expiry(now),
    },
    {
      condition: when.or(
        when.itemAbsent,
        when.and(
          when.equals('outcome', SENDING),
          when.missing('callStartedAt'),
          when.before('claimedAt', staleBefore(now)),
        ),
      ),
    },
  );
  return claimed ? { ref: record, claimId } : undefined;
}

/**
 * Marks the claim's provider call as started, before the call. False when the claim is no longer
 * this attempt's (a retry took it over as stale, or a skip replaced it): the caller must not send.
 */
export function markCallStarted(store: ItemStore, claim: Claim, now: Date): Promise<boolean> {
  return store.set(
    finalKey(claim.ref),
    { callStartedAt: now.toISOString() },
    {
      condition: when.and(
        when.equals('outcome', SENDING),
        when.equals('claimId', claim.claimId),
        when.missing('callStartedAt'),
      ),
    },
  );
}

/**
 * Lets a retry claim the step again: only the attempt holding the claim, and only when it knows
 * the provider did not take the message (it was never called, or answered with an error).
 */
export async function releaseClaim(store: ItemStore, claim: Claim): Promise<void> {
  await store.delete(finalKey(claim.ref), {
    condition: when.and(when.equals('outcome', SENDING), when.equals('claimId', claim.claimId)),
  });
}

/**
 * Writes an outcome decided before any provider call: skipped, or failed before sending. A final
 * record, and a claim whose call started, are never replaced.
 */
export function recordOutcome(store: ItemStore, record: LedgerRecord, now: Date): Promise<boolean> {
  return putUnless(
    store,
    record,
    now,
    when.or(when.itemAbsent, when.and(when.equals('outcome', SENDING), when.missing('callStartedAt'))),
  );
}

/**
 * Writes the answer of the provider call this attempt started: sent, failed or uncertain. It may
 * also replace an `uncertain` that a retry recorded while this attempt was still waiting for that
 * very answer, since the answer is the better record.
 */
export function recordCallOutcome(
  store: ItemStore,
  record: LedgerRecord,
  claim: Claim,
  callStartedAt: string,
  now: Date,
): Promise<boolean> {
  return putUnless(
    store,
    { ...record, claimId: claim.claimId, callStartedAt },
    now,
    when.and(
      when.equals('claimId', claim.claimId),
      when.or(when.equals('outcome', SENDING), when.equals('outcome', UNCERTAIN)),
    ),
  );
}

/**
 * Settles a claim whose call started in an attempt that is gone (crashed, timed out, or failed to
 * write the answer): the message may have gone out, so the step is final as uncertain. Returns the
 * record written, or undefined when another attempt settled the step first.
 */
export async function recordAbandonedCall(
  store: ItemStore,
  abandoned: LedgerRecord,
  now: Date,
): Promise<LedgerRecord | undefined> {
  const reason: UncertainReason = 'crashed-during-call';
  const entry: LedgerRecord = { ...abandoned, outcome: 'uncertain', reason, at: now.toISOString() };
  const written = await putUnless(
    store,
    entry,
    now,
    when.and(
      when.equals('outcome', SENDING),
      when.equals('claimId', abandoned.claimId ?? ''),
      when.equals('callStartedAt', abandoned.callStartedAt ?? ''),
    ),
  );
  return written ? entry : undefined;
}

/** A quiet-hours deferral, kept beside the step's final record so the trace shows both. */
export async function recordDeferral(store: ItemStore, record: LedgerRecord, now: Date): Promise<void> {
  await store.put({ ...deferralKey(record), ...record, ...expiry(now) });
}

/** Every ledger record of a customer, oldest first, read page by page to the end. */
export async function ledgerOf(store: ItemStore, profileId: string): Promise<LedgerRecord[]> {
  const items = await store.query(keys.profile(profileId).pk, { prefix: SORT_PREFIX.ledger });
  return items.map((item) => LedgerRecord.parse(item)).sort((a, b) => a.at.localeCompare(b.at));
}

/** A conditional write whose refusal means another record already won: false, not an error. */
function putUnless(
  store: ItemStore,
  record: LedgerRecord,
  now: Date,
  condition: Condition,
): Promise<boolean> {
  return store.put({ ...finalKey(record), ...record, ...expiry(now) }, { condition });
}

function expiry(now: Date): Record<string, number> {
  return { [EXPIRES_AT]: epochSeconds(now) + RETENTION_DAYS * 86_400 };
}
