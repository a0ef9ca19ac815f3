import * as z from 'zod/mini';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { keepEventNotes, markAggregatesApplied, markProcessed, recordEvent } from '../events/event-store.ts';
import { PROFILE_DATA_LIMIT_BYTES, type RemovedData } from '../profiles/profile-room.ts';
import { type SegmentMove, updateMembership } from '../segments/membership.ts';
import { segmentsMovedBy } from '../segments/segment-reads.ts';
import { transitionEvent } from '../segments/transition-event.ts';
import type { ItemStore } from '../store/item-store.ts';
import { updateAggregates } from './aggregate-updates.ts';
import { withEmittedIdentity } from './emitted-identity.ts';
import {
  addOutcome,
  type EventOutcome,
  emptyReport,
  type IngestReport,
  IngestWarning,
} from './ingest-report.ts';
import { applyJourneyEffects, type TaskCallbacks } from './journey-effects.ts';
import { applyProfileChange } from './profile-changes.ts';
import { keepRejected } from './rejected-store.ts';
import { untrustedChange } from './source-trust.ts';
import {
  type EntryStores,
  type JourneyStartDeps,
  startTriggeredJourneys,
} from './start-triggered-journeys.ts';
import { timeAheadProblem } from './time-ahead.ts';
import { isUnstorable } from './unstorable.ts';
import type { EventValidator, KnownDetail } from './validate-envelope.ts';

export type IngestDeps = TaskCallbacks & JourneyStartDeps & EntryStores;

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
 *
 * `validate` checks each event as its source requires: validateEvent for apps' events (see
 * ingestEvents), whose documented details it checks too, validateEnvelope for those Parcours makes
 * from a provider's.
 */
export async function applyEvents(
  events: readonly unknown[],
  deps: IngestDeps,
  validate: EventValidator,
): Promise<IngestReport> {
  const report = emptyReport();
  for (const raw of events) addOutcome(report, await ingestOne(raw, deps, validate));
  return report;
}

async function ingestOne(raw: unknown, deps: IngestDeps, validate: EventValidator): Promise<EventOutcome> {
  const now = deps.clock.now();
  const validation = validate(raw);
  if (!validation.valid) return reject(raw, validation.eventId, validation.reason, deps, now);
  const { known } = validation;
  const event = withEmittedIdentity(validation.event, deps.bundle);
  const ahead = timeAheadProblem(event.time, now);
  if (ahead !== undefined) return reject(raw, event.id, ahead, deps, now);
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
  const { recording, firstArrival, notes, aggregatesApplied } = await recordEvent(deps.store, event, now);
  if (recording === 'processed') return { kind: 'duplicate' };
  // An unfinished event is finished as its first delivery would have: ordered at that arrival.
  const removed =
    known === undefined
      ? undefined
      : await applyProfileChange(deps.store, known, event, { arrived: firstArrival, now });
  const aggregates = aggregatesApplied
    ? { changed: [], warnings: [] }
    : await updateAggregates(deps.store, event, deps.bundle.config.aggregates);
  if (aggregates.changed.length > 0) await markAggregatesApplied(deps.store, event);
  const warnings = await keptWarnings(deps.store, event, notes, [
    ...dataRemovedWarnings(event, removed),
    ...aggregates.warnings,
  ]);
  const moves = await moveSegments(
    event,
    { profile: known !== undefined, aggregates: aggregates.changed },
    recording,
    deps,
    now,
  );
  const { conversions, resumed } = await applyJourneyEffects(deps, event, now);
  const entries = await startTriggeredJourneys(event, recording === 'unfinished', deps);
  const followed: Extract<EventOutcome, { kind: 'accepted' | 'recovered' }>[] = [];
  for (const move of moves) {
    const outcome = await applyEvent(transitionEvent(profileId, move), undefined, deps, now);
    if (outcome.kind === 'accepted' || outcome.kind === 'recovered') followed.push(outcome);
  }
  await markProcessed(deps.store, event, now);
  return {
    kind: recording === 'first' ? 'accepted' : 'recovered',
    conversions: [...conversions, ...followed.flatMap((outcome) => outcome.conversions)],
    resumed: followed.reduce((sum, outcome) => sum + outcome.resumed, resumed),
    entries: [...entries, ...followed.flatMap((outcome) => outcome.entries ?? [])],
    warnings,
  };
}

/**
 * This delivery's warnings and those an earlier, interrupted delivery of the event kept: what they
 * report is done by then (traits removed, an aggregate cut), so this delivery would not meet it
 * again, and the warning was lost. New ones are kept on the event before anything else can fail.
 */
async function keptWarnings(
  store: ItemStore,
  event: EventEnvelope,
  notes: unknown,
  fresh: readonly IngestWarning[],
): Promise<IngestWarning[]> {
  const earlier = KeptWarnings.safeParse(notes);
  const known = earlier.success ? earlier.data : [];
  const same = (a: IngestWarning, b: IngestWarning) => a.kind === b.kind && a.warning === b.warning;
  const added = fresh.filter((warning) => !known.some((kept) => same(kept, warning)));
  if (added.length === 0) return known;
  const all = [...known, ...added];
  await keepEventNotes(store, event, all);
  return all;
}

const KeptWarnings = z.array(IngestWarning);

/**
 * What an opt-out took the room of (see fitProfile): traits by name only (their values are
 * personal), push tokens by count, opt-ins by topic and channel.
 */
function dataRemovedWarnings(event: EventEnvelope, removed: RemovedData | undefined): IngestWarning[] {
  if (removed === undefined) return [];
  const { traits, optIns, pushTokens } = removed;
  const parts = [
    traits.length === 0 ? '' : `traits ${listed(traits.map((name) => JSON.stringify(name.slice(0, 200))))}`,
    pushTokens === 0 ? '' : `the ${pushTokens} oldest push token${pushTokens === 1 ? '' : 's'}`,
    optIns.length === 0 ? '' : `opt-ins to topics (${listed(optIns)}), whose opt-outs hold again`,
  ].filter((part) => part !== '');
  if (parts.length === 0) return [];
  return [
    {
      kind: 'data-removed',
      eventId: event.id,
      profileId: event.detail.profileId,
      warning: `${parts.join('; ')} removed to make room for the opt-out: the profile's data took more than its ${PROFILE_DATA_LIMIT_BYTES / 1024} KB, written before that room was kept for opt-outs`,
    },
  ];
}

/** Enough items to recognise, and how many more: a warning is one log line, not the profile. */
function listed(items: readonly string[], shown = 10): string {
  const more = items.length - shown;
  return `${items.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The customer's segments an event moved, recorded (see updateMembership). */
function moveSegments(
  event: EventEnvelope,
  change: { readonly profile: boolean; readonly aggregates: readonly string[] },
  recording: 'first' | 'unfinished',
  deps: IngestDeps,
  now: Date,
): Promise<SegmentMove[]> {
  const { segments } = deps.bundle.config;
  // A transition moves no segment: its aggregates could, but one segment feeding another through
  // events would be a loop that no validation could see.
  if (event.source === PARCOURS_SOURCES.segments) return Promise.resolve([]);
  // A redelivery finds its aggregates applied already: every segment is looked at, so the moves
  // its first delivery recorded are found and finished.
  const candidates = recording === 'unfinished' ? Object.keys(segments) : segmentsMovedBy(segments, change);
  return updateMembership(deps.store, deps.bundle.config, event.detail.profileId, candidates, event, now);
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
