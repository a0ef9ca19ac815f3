import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Clock } from '../clock/clock.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { markProcessed, recordEvent } from '../events/event-store.ts';
import type { OutcomeSink } from '../outcomes/outcome-fact.ts';
import type { ItemStore } from '../store/item-store.ts';
import { updateAggregates } from './aggregate-updates.ts';
import { addOutcome, type EventOutcome, emptyReport, type IngestReport } from './ingest-report.ts';
import { applyJourneyEffects, type TaskCallbacks } from './journey-effects.ts';
import { applyProfileChange } from './profile-changes.ts';
import { keepRejected } from './rejected-store.ts';
import { untrustedChange } from './source-trust.ts';
import { type JourneyStartDeps, startTriggeredJourneys } from './start-triggered-journeys.ts';
import { isUnstorable } from './unstorable.ts';
import { validateEvent } from './validate-event.ts';

export type IngestDeps = TaskCallbacks &
  JourneyStartDeps & {
    readonly store: ItemStore;
    readonly bundle: RuntimeBundle;
    readonly clock: Clock;
    readonly facts: OutcomeSink;
  };

/**
 * Ingests a batch. Each event stands alone: an invalid one is kept in the rejected store and
 * reported, and never costs the others their processing. Events of a batch are applied in order.
 *
 * Every accepted event ends processed or kept as rejected. An event is recorded first and marked
 * processed last; a delivery that finds it recorded but not processed (an earlier one crashed or
 * failed midway) processes it again, which is safe because every effect is idempotent by event id,
 * by event time or by a conditional write. An event that fails for a reason a retry may fix
 * (DynamoDB or Step Functions unavailable) is reported in `failed`: the handler then fails the
 * delivery so that it is redelivered.
 */
export async function ingestEvents(events: readonly unknown[], deps: IngestDeps): Promise<IngestReport> {
  let report = emptyReport();
  for (const raw of events) report = addOutcome(report, await ingestOne(raw, deps));
  return report;
}

async function ingestOne(raw: unknown, deps: IngestDeps): Promise<EventOutcome> {
  const now = deps.clock.now();
  const validation = validateEvent(raw);
  if (!validation.valid) return reject(raw, validation.eventId, validation.reason, deps, now);
  const { event, known } = validation;
  const distrust = untrustedChange(known, event.source, deps.bundle.config['trusted-sources']);
  if (distrust !== undefined) return reject(raw, event.id, distrust, deps, now);

  const profileId = event.detail.profileId;
  try {
    const recording = await recordEvent(deps.store, event, now);
    if (recording === 'processed') return { kind: 'duplicate' };
    if (known !== undefined) await applyProfileChange(deps.store, known, event, now);
    const { warnings } = await updateAggregates(deps.store, event, deps.bundle.config.aggregates);
    const { conversions, resumed } = await applyJourneyEffects(deps, event, now);
    const entries = await startTriggeredJourneys(event, recording === 'unfinished', deps);
    await markProcessed(deps.store, event, now);
    return {
      kind: recording === 'first' ? 'accepted' : 'recovered',
      conversions,
      resumed,
      entries,
      warnings,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isUnstorable(error)) return rejectRecorded(raw, event, `could not be stored: ${message}`, deps, now);
    return { kind: 'failed', eventId: event.id, profileId, error: message };
  }
}

async function reject(
  raw: unknown,
  eventId: string,
  reason: string,
  deps: IngestDeps,
  now: Date,
): Promise<EventOutcome> {
  const { profileId } = await keepRejected(deps.store, { eventId, reason, raw }, now);
  return { kind: 'rejected', eventId, profileId, reason };
}

/** Rejects an event that was already recorded, and marks it so a redelivery is a duplicate. */
async function rejectRecorded(
  raw: unknown,
  event: EventEnvelope,
  reason: string,
  deps: IngestDeps,
  now: Date,
): Promise<EventOutcome> {
  const outcome = await reject(raw, event.id, reason, deps, now);
  // When even this marker cannot be written, a redelivery is rejected again: kept twice, never lost.
  await markProcessed(deps.store, event, now).catch(() => undefined);
  return outcome;
}
