import type { Clock } from '../clock/clock.ts';
import type { RuntimeBundle } from '../config/runtime-bundle.ts';
import { forgetEvent, recordEvent } from '../events/event-store.ts';
import type { Table } from '../store/table.ts';
import { updateAggregates } from './aggregate-updates.ts';
import { addOutcome, type EventOutcome, emptyReport, type IngestReport } from './ingest-report.ts';
import { applyJourneyEffects, type TaskCallbacks } from './journey-effects.ts';
import { applyProfileChange } from './profile-changes.ts';
import { keepRejected } from './rejected-store.ts';
import { validateEvent } from './validate-event.ts';

export type IngestDeps = TaskCallbacks & {
  readonly table: Table;
  readonly bundle: RuntimeBundle;
  readonly clock: Clock;
};

/**
 * Ingests a batch. Each event stands alone: an invalid one is kept in the rejected store and
 * reported, and never costs the others their processing. Events of a batch are applied in order,
 * because a customer's `profile.updated` events must land in the order they were sent.
 *
 * An event that fails midway (DynamoDB or Step Functions unavailable) is forgotten again and
 * reported in `failed`: the handler should then fail the delivery so that it is retried, and the
 * retry reapplies it, which is safe because every effect is idempotent by event id or condition.
 */
export async function ingestEvents(events: readonly unknown[], deps: IngestDeps): Promise<IngestReport> {
  let report = emptyReport();
  for (const raw of events) report = addOutcome(report, await ingestOne(raw, deps));
  return report;
}

async function ingestOne(raw: unknown, deps: IngestDeps): Promise<EventOutcome> {
  const now = deps.clock.now();
  const validation = validateEvent(raw);
  if (!validation.valid) {
    const { eventId, reason } = validation;
    await keepRejected(deps.table, { eventId, reason, raw }, now);
    return { kind: 'rejected', eventId, reason };
  }
  const { event, known } = validation;
  // Recording first is what makes a redelivered event a no-op: only one delivery gets past here.
  if (!(await recordEvent(deps.table, event, now))) return { kind: 'duplicate' };
  try {
    if (known !== undefined) await applyProfileChange(deps.table, known, now);
    await updateAggregates(deps.table, event, deps.bundle.config.aggregates);
    const { converted, resumed } = await applyJourneyEffects(deps.table, deps.bundle, deps, event, now);
    return { kind: 'accepted', converted, resumed };
  } catch (error) {
    await forgetEvent(deps.table, event);
    return {
      kind: 'failed',
      eventId: event.id,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
