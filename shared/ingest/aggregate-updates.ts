import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Aggregate } from '../../state-machines/language/config.ts';
import { AggregateState, applyEvent, EMPTY_AGGREGATES } from '../aggregates/compute.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import { saveAggregates } from '../profiles/store.ts';
import { keys } from '../store/keys.ts';
import { withOptimisticRetry } from '../store/optimistic.ts';
import type { Table } from '../store/table.ts';

/**
 * A conflict means another event of the customer was written since our read, so with N events of
 * one customer in flight a writer fails at most N - 1 times. The default bound (8) lost events in a
 * burst of 20 (measured on dynalite); this one absorbs bursts of up to 40 per customer.
 */
const MAX_ATTEMPTS = 40;

/**
 * Applies an event to the customer's declared aggregates: read, apply, write conditioned on the
 * version read, and read again on a conflict. An event already applied (its id is among the
 * recent ids) changes nothing, so a redelivery never counts twice.
 */
export async function updateAggregates(
  table: Table,
  event: EventEnvelope,
  aggregates: Readonly<Record<string, Aggregate>>,
): Promise<string[]> {
  const profileId = event.detail.profileId;
  return withOptimisticRetry(async () => {
    const read = await readAggregates(table, profileId);
    const { state, changed } = applyEvent(read, event, aggregates, matchesPattern);
    // An event no aggregate listens to costs no write.
    if (changed.length > 0) await saveAggregates(table, profileId, read, state);
    return changed;
  }, MAX_ATTEMPTS);
}

async function readAggregates(table: Table, profileId: string): Promise<AggregateState> {
  const { Item } = await table.documents.send(
    new GetCommand({ TableName: table.name, Key: keys.aggregates(profileId), ConsistentRead: true }),
  );
  return Item === undefined ? EMPTY_AGGREGATES : AggregateState.parse(Item);
}
