import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import type { Clock } from '../clock/clock.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { markProcessed, recordEvent } from '../events/event-store.ts';
import type { OutcomeSink } from '../outcomes/outcome-fact.ts';
import { updateMembership } from '../segments/membership.ts';
import { segmentsMovedBy, transitionEvent } from '../segments/transition-event.ts';
import type { ItemStore } from '../store/item-store.ts';
import { updateAggregates } from './aggregate-updates.ts';
import { addOutcome, type EventOutcome, emptyReport, type IngestReport } from './ingest-report.ts';
import { applyJourneyEffects, type TaskCallbacks } from './journey-effects.ts';
import { applyProfileChange } from './profile-changes.ts';
import { keepRejected } from './rejected-store.ts';
import { untrustedChange } from './source-trust.ts';
import { type JourneyStartDeps, startTriggeredJourneys } from './start-triggered-journeys.ts';
import { isUnstorable } from './unstorable.ts';
import { type KnownDetail, validateEvent } from './validate-event.ts';

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
  if (OWN_SOURCES.has(event.source)) {
    const reason = `source: "${event.source}" is Parcours' own; no app may publish under it`;
    return reject(raw, event.id, reason, deps, now);
  }
  const distrust = untrustedChange(known, event.source, deps.bundle.config['trusted-sources']);
  if (distrust !== undefined) return reject(raw, event.id, distrust, deps, now);

  try {
    return await applyEvent(event, known, deps, now);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isUnstorable(error)) return rejectRecorded(raw, event, `could not be stored: ${message}`, deps, now);
    return { kind: 'failed', eventId: event.id, profileId: event.detail.profileId, error: message };
  }
}

/** Sources only Parcours publishes under, whose events ingest makes itself (see applyEvent). */
const OWN_SOURCES: ReadonlySet<string> = new Set([PARCOURS_SOURCES.segments, PARCOURS_SOURCES.schedules]);

/**
 * Applies an event Parcours makes itself (a segment transition the daily sweep found), which no
 * validation or source check applies to: it is ours. Failures throw, for the caller to retry.
 */
export async function applyOwnEvent(event: EventEnvelope, deps: IngestDeps): Promise<EventOutcome> {
  return applyEvent(event, undefined, deps, deps.clock.now());
}

/**
 * Applies a valid event: records it, changes the profile and aggregates, moves the customer's
 * segments, converts and resumes journeys, starts those it triggers, then does the same for each
 * segment transition it caused (a `segment.entered` event, made here rather than received, so no
 * app can forge one), and only then marks it processed: a crash anywhere is finished by the
 * redelivery.
 */
async function applyEvent(
  event: EventEnvelope,
  known: KnownDetail | undefined,
  deps: IngestDeps,
  now: Date,
): Promise<EventOutcome> {
  const profileId = event.detail.profileId;
  const recording = await recordEvent(deps.store, event, now);
  if (recording === 'processed') return { kind: 'duplicate' };
  if (known !== undefined) await applyProfileChange(deps.store, known, event, now);
  const { warnings, changed } = await updateAggregates(deps.store, event, deps.bundle.config.aggregates);
  // A transition moves no segment: its aggregates could, but one segment feeding another through
  // events would be a loop that no validation could see.
  const transitions =
    event.source === PARCOURS_SOURCES.segments
      ? []
      : await updateMembership(
          deps.store,
          deps.bundle.config,
          profileId,
          // A redelivery finds its aggregates applied already: every segment is looked at, so the
          // transitions its first delivery recorded are found and finished.
          recording === 'unfinished'
            ? Object.keys(deps.bundle.config.segments)
            : segmentsMovedBy(deps.bundle.config.segments, {
                profile: known !== undefined,
                aggregates: changed,
              }),
          event,
          now,
        );
  const { conversions, resumed } = await applyJourneyEffects(deps, event, now);
  let entries = await startTriggeredJourneys(event, recording === 'unfinished', deps);
  let total = { conversions: [...conversions], resumed };
  for (const transition of transitions) {
    const outcome = await applyEvent(transitionEvent(profileId, transition), undefined, deps, now);
    if (outcome.kind !== 'accepted' && outcome.kind !== 'recovered') continue;
    entries = [...entries, ...(outcome.entries ?? [])];
    total = {
      conversions: [...total.conversions, ...outcome.conversions],
      resumed: total.resumed + outcome.resumed,
    };
  }
  await markProcessed(deps.store, event, now);
  return {
    kind: recording === 'first' ? 'accepted' : 'recovered',
    ...total,
    entries,
    warnings,
  };
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
