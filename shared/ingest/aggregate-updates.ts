import type { Aggregate } from '../../language/config.ts';
import { applyEvent } from '../aggregates/compute.ts';
import { fitAggregates } from '../aggregates/item-budget.ts';
import { describeTruncation } from '../aggregates/truncation.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import { readAggregates, saveAggregates } from '../profiles/store.ts';
import { ITEM_BUDGET_BYTES, itemSizeBytes } from '../store/item-size.ts';
import type { ItemStore } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';
import { CONFLICT, withOptimisticRetry } from '../store/optimistic.ts';
import type { IngestWarning } from './ingest-report.ts';

/**
 * A conflict means another event of the customer was written since our read, so with N events of
 * one customer in flight a writer fails at most N - 1 times. The default bound (8) lost events in a
 * burst of 20 (measured on dynalite); this one absorbs bursts of up to 40 per customer.
 */
const MAX_ATTEMPTS = 40;

/** The aggregates an event changed, and what had to be cut to store them (see fitAggregates). */
export type AggregateUpdate = { readonly changed: string[]; readonly warnings: IngestWarning[] };

/**
 * Applies an event to the customer's declared aggregates: read, apply, bound the item's size,
 * write conditioned on the version read, and read again on a conflict. An event already applied
 * (its id is among the recent ids) changes nothing, so a redelivery never counts twice. An event
 * whose values would not fit is still applied, with what was cut reported as warnings.
 */
export async function updateAggregates(
  store: ItemStore,
  event: EventEnvelope,
  aggregates: Readonly<Record<string, Aggregate>>,
): Promise<AggregateUpdate> {
  const profileId = event.detail.profileId;
  const key = keys.aggregates(profileId);
  const fixedBytes = itemSizeBytes({ ...key, version: 0 });
  return withOptimisticRetry(async () => {
    const read = await readAggregates(store, profileId);
    const applied = applyEvent(read, event, aggregates, matchesPattern);
    // An event no aggregate listens to costs no write.
    if (applied.changed.length === 0) return { changed: [], warnings: [] };
    const fitted = fitAggregates(applied.state, ITEM_BUDGET_BYTES, fixedBytes);
    if (!(await saveAggregates(store, profileId, read, fitted.state))) return CONFLICT;
    const warnings = [...applied.truncations, ...fitted.truncations].map((truncation) => ({
      kind: 'aggregate-truncated' as const,
      eventId: event.id,
      profileId,
      warning: describeTruncation(truncation),
    }));
    return { changed: applied.changed, warnings };
  }, MAX_ATTEMPTS);
}
