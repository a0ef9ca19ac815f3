import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { isConditionFailure } from '../store/optimistic.ts';
import { EXPIRES_AT, epochSeconds, type Table } from '../store/table.ts';
import { LedgerRecord } from './ledger-record.ts';

const RETENTION_DAYS = 400;
/** A claim older than this belongs to an invocation that died (the send function times out sooner). */
export const STALE_CLAIM_SECONDS = 60;

type StepRef = { profileId: string; execution: string; step: string };

const finalKey = (ref: StepRef) => keys.ledger(ref.profileId, ref.execution, ref.step);
const deferralKey = (ref: StepRef) => keys.ledger(ref.profileId, ref.execution, `${ref.step}~deferred`);

export async function findOutcome(table: Table, ref: StepRef): Promise<LedgerRecord | undefined> {
  const { Item } = await table.documents.send(
    new GetCommand({ TableName: table.name, Key: finalKey(ref), ConsistentRead: true }),
  );
  return Item === undefined ? undefined : LedgerRecord.parse(Item);
}

/**
 * Claims the right to deliver a step, once: the record is created as "sending" unless a record
 * exists, or only a stale claim of a dead invocation does. The ledger record is the idempotency
 * record, keyed by the customer so it never becomes a hot partition.
 */
export async function claimSend(table: Table, record: LedgerRecord, now: Date): Promise<boolean> {
  try {
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...finalKey(record),
          ...record,
          outcome: 'sending',
          claimedAt: now.toISOString(),
          ...expiry(now),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR (outcome = :sending AND claimedAt < :stale)',
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':stale': new Date(now.getTime() - STALE_CLAIM_SECONDS * 1000).toISOString(),
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Lets a retry claim the step again after a transient provider failure. */
export async function releaseClaim(table: Table, ref: StepRef): Promise<void> {
  await table.documents
    .send(
      new DeleteCommand({
        TableName: table.name,
        Key: finalKey(ref),
        ConditionExpression: 'outcome = :sending',
        ExpressionAttributeValues: { ':sending': 'sending' },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}

/** Writes a step's final outcome: sent, skipped or failed. A final record is never replaced. */
export async function recordOutcome(table: Table, record: LedgerRecord, now: Date): Promise<void> {
  try {
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: { ...finalKey(record), ...record, ...expiry(now) },
        ConditionExpression: 'attribute_not_exists(pk) OR outcome = :sending',
        ExpressionAttributeValues: { ':sending': 'sending' },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** A quiet-hours deferral, kept beside the step's final record so the trace shows both. */
export async function recordDeferral(table: Table, record: LedgerRecord, now: Date): Promise<void> {
  await table.documents.send(
    new PutCommand({ TableName: table.name, Item: { ...deferralKey(record), ...record, ...expiry(now) } }),
  );
}

/** Every ledger record of a customer, oldest first. */
export async function ledgerOf(table: Table, profileId: string): Promise<LedgerRecord[]> {
  const { Items = [] } = await table.documents.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.profile(profileId).pk, ':prefix': SORT_PREFIX.ledger },
    }),
  );
  return Items.map((item) => LedgerRecord.parse(item)).sort((a, b) => a.at.localeCompare(b.at));
}

function expiry(now: Date): Record<string, number> {
  return { [EXPIRES_AT]: epochSeconds(now) + RETENTION_DAYS * 86_400 };
}
