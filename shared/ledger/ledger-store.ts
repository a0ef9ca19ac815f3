import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SEND_CLAIM_LIFETIME_SECONDS } from '../../language/send-claim.ts';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { isConditionFailure } from '../store/optimistic.ts';
import { queryAll } from '../store/query.ts';
import { EXPIRES_AT, epochSeconds, type Table } from '../store/table.ts';
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

export async function findOutcome(table: Table, ref: StepRef): Promise<LedgerRecord | undefined> {
  const { Item } = await table.documents.send(
    new GetCommand({ TableName: table.name, Key: finalKey(ref), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : LedgerRecord.parse(Item);
}

/**
 * Claims the right to deliver a step, once: the record is created as "sending" unless a record
 * exists, or only a stale claim of a dead invocation that never called the provider does. A claim
 * whose call started is never taken over: nobody knows whether that message went out. The ledger
 * record is the idempotency record, keyed by the customer so it never becomes a hot partition.
 */
export async function claimSend(
  table: Table,
  record: LedgerRecord,
  claimId: string,
  now: Date,
): Promise<Claim | undefined> {
  try {
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...finalKey(record),
          ...record,
          outcome: SENDING,
          claimId,
          claimedAt: now.toISOString(),
          ...expiry(now),
        },
        ConditionExpression:
          'attribute_not_exists(pk) OR (outcome = :sending AND attribute_not_exists(callStartedAt) AND claimedAt < :stale)',
        ExpressionAttributeValues: { ':sending': SENDING, ':stale': staleBefore(now) },
      }),
    );
    return { ref: record, claimId };
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Marks the claim's provider call as started, before the call. False when the claim is no longer
 * this attempt's (a retry took it over as stale, or a skip replaced it): the caller must not send.
 */
export async function markCallStarted(table: Table, claim: Claim, now: Date): Promise<boolean> {
  try {
    await table.documents.send(
      new UpdateCommand({
        TableName: table.name,
        Key: finalKey(claim.ref),
        UpdateExpression: 'SET callStartedAt = :now',
        ConditionExpression:
          'outcome = :sending AND claimId = :claim AND attribute_not_exists(callStartedAt)',
        ExpressionAttributeValues: {
          ':now': now.toISOString(),
          ':sending': SENDING,
          ':claim': claim.claimId,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Lets a retry claim the step again: only the attempt holding the claim, and only when it knows
 * the provider did not take the message (it was never called, or answered with an error).
 */
export async function releaseClaim(table: Table, claim: Claim): Promise<void> {
  await table.documents
    .send(
      new DeleteCommand({
        TableName: table.name,
        Key: finalKey(claim.ref),
        ConditionExpression: 'outcome = :sending AND claimId = :claim',
        ExpressionAttributeValues: { ':sending': SENDING, ':claim': claim.claimId },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/**
 * Writes an outcome decided before any provider call: skipped, or failed before sending. A final
 * record, and a claim whose call started, are never replaced.
 */
export async function recordOutcome(table: Table, record: LedgerRecord, now: Date): Promise<boolean> {
  return putUnless(table, record, now, {
    ConditionExpression:
      'attribute_not_exists(pk) OR (outcome = :sending AND attribute_not_exists(callStartedAt))',
    ExpressionAttributeValues: { ':sending': SENDING },
  });
}

/**
 * Writes the answer of the provider call this attempt started: sent, failed or uncertain. It may
 * also replace an `uncertain` that a retry recorded while this attempt was still waiting for that
 * very answer, since the answer is the better record.
 */
export async function recordCallOutcome(
  table: Table,
  record: LedgerRecord,
  claim: Claim,
  callStartedAt: string,
  now: Date,
): Promise<boolean> {
  return putUnless(table, { ...record, claimId: claim.claimId, callStartedAt }, now, {
    ConditionExpression: 'claimId = :claim AND (outcome = :sending OR outcome = :uncertain)',
    ExpressionAttributeValues: { ':claim': claim.claimId, ':sending': SENDING, ':uncertain': UNCERTAIN },
  });
}

/**
 * Settles a claim whose call started in an attempt that is gone (crashed, timed out, or failed to
 * write the answer): the message may have gone out, so the step is final as uncertain. Returns the
 * record written, or undefined when another attempt settled the step first.
 */
export async function recordAbandonedCall(
  table: Table,
  abandoned: LedgerRecord,
  now: Date,
): Promise<LedgerRecord | undefined> {
  const reason: UncertainReason = 'crashed-during-call';
  const entry: LedgerRecord = { ...abandoned, outcome: 'uncertain', reason, at: now.toISOString() };
  const written = await putUnless(table, entry, now, {
    ConditionExpression: 'outcome = :sending AND claimId = :claim AND callStartedAt = :started',
    ExpressionAttributeValues: {
      ':sending': SENDING,
      ':claim': abandoned.claimId ?? '',
      ':started': abandoned.callStartedAt ?? '',
    },
  });
  return written ? entry : undefined;
}

/** A quiet-hours deferral, kept beside the step's final record so the trace shows both. */
export async function recordDeferral(table: Table, record: LedgerRecord, now: Date): Promise<void> {
  await table.documents.send(
    new PutCommand({ TableName: table.name, Item: { ...deferralKey(record), ...record, ...expiry(now) } }),
  );
}

/** Every ledger record of a customer, oldest first, read page by page to the end. */
export async function ledgerOf(table: Table, profileId: string): Promise<LedgerRecord[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.profile(profileId).pk, ':prefix': SORT_PREFIX.ledger },
  });
  return items.map((item) => LedgerRecord.parse(item)).sort((a, b) => a.at.localeCompare(b.at));
}

type Condition = {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeValues: Record<string, string>;
};

/** A conditional write whose refusal means another record already won: false, not an error. */
async function putUnless(
  table: Table,
  record: LedgerRecord,
  now: Date,
  condition: Condition,
): Promise<boolean> {
  try {
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...finalKey(record), ...record, ...expiry(now) },
        ...condition,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function expiry(now: Date): Record<string, number> {
  return { [EXPIRES_AT]: epochSeconds(now) + RETENTION_DAYS * 86_400 };
}
