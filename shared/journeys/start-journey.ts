import * as z from 'zod/mini';
import { describeCondition } from '../../language/describe-condition.ts';
import { humanizeDuration } from '../../language/duration.ts';
import type { Scenario } from '../../language/scenario.ts';
import { isClockTrigger } from '../../language/trigger-kind.ts';
import { OCCURRENCE_PATH } from '../broadcasts/occurrence-event.ts';
import type { Clock } from '../clock/clock.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { evaluateCondition } from '../conditions/evaluate.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { eventsSince } from '../events/event-store.ts';
import { type ConversionDeps, convertJourney, reachesGoal } from '../outcomes/conversion.ts';
import { entryFacts } from '../outcomes/facts.ts';
import { FactGroup } from '../outcomes/outcome-fact.ts';
import { placeJourney } from '../outcomes/placement.ts';
import { valueAt } from '../store/field-path.ts';
import { bucketOf } from './buckets.ts';
import { executionName, showsWholeId } from './execution-name.ts';
import { oversizedInput } from './input-size.ts';
import type { JourneyInput, JourneyRef } from './journey-input.ts';
import { getJourney, type JourneyRecord, PROFILE_JOURNEY_KEY, recordEntry } from './journey-store.ts';
import { projectEvent } from './project-event.ts';
import { scenarioGoal } from './scenario-goal.ts';

/** A validated trigger event for one scenario: what ingest passes once the event matched its trigger. */
export type EntryRequest = {
  readonly scenario: string;
  readonly event: EventEnvelope;
  /**
   * Whether an earlier delivery of this event may already have decided this entry (the event was
   * found recorded but not processed). When false no earlier attempt exists, so nothing is read
   * back to find its decision. @default true
   */
  readonly mayBeRetry?: boolean;
};

export type StartExecution = (request: {
  scenario: string;
  name: string;
  input: JourneyInput;
}) => Promise<void>;

export type EntryDeps = ConversionDeps & {
  readonly clock: Clock;
  readonly startExecution: StartExecution;
};

/** Why a triggered scenario did not start a journey for the event. */
export const EntrySkipReason = z.enum([
  /** `entry.when` did not hold for the customer. */
  'not-eligible',
  'missing-journey-key',
  /** `entry.reentry: never` and the customer (or journey key) already entered. */
  'already-entered',
  /** `entry.reentry: { after }` and the last entry is more recent than that. */
  'reentry-too-soon',
  /** A simulation may run only some scenarios (`simulate --scenario`). */
  'scenario-filtered',
  /**
   * In a broadcast's audience but not reachable on its channel: no address, opted out, or the
   * address suppressed (the detail says which).
   */
  'unreachable',
  /** The event's fields the scenario's conditions read take more than a journey may start with. */
  'input-too-large',
]);
export type EntrySkipReason = z.infer<typeof EntrySkipReason>;

/**
 * What a trigger event did for one scenario: started a journey, did not (`reason`, and `detail`
 * saying it in words with the condition, key or window in question), or failed (a store or Step
 * Functions error: the event is retried).
 */
export const EntryOutcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('started'), execution: z.string(), group: FactGroup }),
  z.object({ outcome: z.literal('skipped'), reason: EntrySkipReason, detail: z.optional(z.string()) }),
  z.object({ outcome: z.literal('failed'), error: z.string() }),
]);
export type EntryOutcome = z.infer<typeof EntryOutcome>;

/**
 * Starts a customer's journey for a trigger event: entry conditions, the journey key, the
 * re-entry policy (one conditional write), stable split and holdout buckets, and a deterministic
 * execution name so a duplicate delivery never starts a second journey.
 */
export async function startJourney(request: EntryRequest, deps: EntryDeps): Promise<EntryOutcome> {
  const { event } = request;
  const { scenario, manifest } = scenarioOf(deps.bundle, { scenario: request.scenario });
  const profileId = event.detail.profileId;
  const now = deps.clock.now();

  const keyed = journeyKeyOf(scenario, event);
  if ('missing' in keyed) {
    return {
      outcome: 'skipped',
      reason: 'missing-journey-key',
      detail: `the event has no ${keyed.missing}, the journey key`,
    };
  }
  const { key: journeyKey, keyPath, keyValue } = keyed;

  // A journey record written by this very event means an earlier attempt already decided to enter
  // (and was interrupted before or after StartExecution): the decision stands, whatever the
  // profile reads now, and the execution name keeps the start single.
  const earlier = earlierAttempt(event, scenario.id, journeyKey, request, deps);
  if (scenario.entry.when !== undefined && (await earlier()) === undefined) {
    const { conditions } = await loadCustomerContext(deps.store, deps.bundle.config, profileId, event, now);
    if (!evaluateCondition(scenario.entry.when, conditions)) {
      return {
        outcome: 'skipped',
        reason: 'not-eligible',
        detail: `entry condition not met: ${describeCondition(scenario.entry.when)}`,
      };
    }
  }

  const buckets = Object.fromEntries(
    manifest.buckets.map(({ key, step }) => [key, bucketOf(profileId, scenario.id, step)]),
  );
  const { group, variants } = placeJourney(
    profileId,
    scenario.id,
    manifest.assignments,
    deps.bundle.config['global-control'],
  );

  const execution =
    (showsWholeId(profileId, scenario.id) ? undefined : (await earlier())?.execution) ??
    executionName(profileId, scenario.id, journeyKey, event.id);
  // The journey starts when its trigger happened, so goal events are counted from that moment.
  const enteredAt = new Date(event.time).toISOString();
  const journey: JourneyRef = {
    scenario: scenario.id,
    profileId,
    key: journeyKey,
    execution,
    eventId: event.id,
    enteredAt,
    version: manifest.version,
  };
  const input: JourneyInput = { journey, event: projectEvent(event, manifest.eventFields), buckets };
  // Decided before the entry is recorded, so the customer is not kept from a later entry.
  const oversized = oversizedInput(input, manifest.eventFields);
  if (oversized !== undefined) return { outcome: 'skipped', reason: 'input-too-large', detail: oversized };
  const record: JourneyRecord = {
    scenario: scenario.id,
    profileId,
    journeyKey,
    execution,
    eventId: event.id,
    enteredAt,
    group,
    variants,
    version: manifest.version,
    trigger: event,
  };
  const decision = await recordEntry(deps.store, record, scenario.entry.reentry, now);
  if (!decision.entered) {
    const which = keyPath === undefined ? '' : ` for ${keyValue}`;
    const { reentry } = scenario.entry;
    const detail =
      typeof reentry === 'object'
        ? `entered${which} less than ${humanizeDuration(reentry.after)} ago (entry.reentry.after)`
        : `already entered${which} (entry.reentry: never)`;
    return { outcome: 'skipped', reason: decision.reason, detail };
  }

  // A goal event recorded before this entry was written found no journey to convert: it is found
  // here. Ingest records an event before reading the journeys, and entry writes the journey before
  // reading the events (both consistently), so each goal event meets the journey on one side.
  await convertByEarlierEvents(record, deps);
  await deps.startExecution({ scenario: scenario.id, name: execution, input });
  await deps.facts.append(entryFacts(record, scenario.program));
  return { outcome: 'started', execution, group };
}

async function convertByEarlierEvents(record: JourneyRecord, deps: EntryDeps): Promise<void> {
  const goal = scenarioGoal(deps.bundle, record);
  if (goal === undefined) return;
  for (const event of await eventsSince(deps.store, record.profileId, record.enteredAt)) {
    if (reachesGoal(record, goal, event) && (await convertJourney(record, event, deps)) !== undefined) return;
  }
}

type JourneyKey =
  | { readonly key: string; readonly keyPath: string | undefined; readonly keyValue: string | number }
  | { readonly missing: string };

/**
 * The key the scenario keeps the event's journey under: the customer's, `entry.key`'s value, or a
 * schedule's or an anniversary's occurrence (their journeys are one per customer and occurrence).
 */
function journeyKeyOf(scenario: Scenario, event: EventEnvelope): JourneyKey {
  const keyPath = scenario.entry.key ?? (isClockTrigger(scenario.trigger) ? OCCURRENCE_PATH : undefined);
  const keyValue = keyPath === undefined ? PROFILE_JOURNEY_KEY : valueAt(event, keyPath);
  if (typeof keyValue !== 'string' && typeof keyValue !== 'number') return { missing: String(keyPath) };
  const key = scenario.entry.reentry === 'always' ? `${keyValue}#${event.id}` : String(keyValue);
  return { key, keyPath, keyValue };
}

/**
 * Whether an earlier attempt at this very event wrote the customer's journey record: its decision
 * to enter stands, whatever the profile reads now. For an entry decided outside startJourney (a
 * broadcast's audience), which must not refuse on a retry a customer the first attempt entered.
 */
export async function enteredBy(scenario: Scenario, event: EventEnvelope, deps: EntryDeps): Promise<boolean> {
  const keyed = journeyKeyOf(scenario, event);
  if ('missing' in keyed) return false;
  const ref = { scenario: scenario.id, event };
  return (await earlierAttempt(event, scenario.id, keyed.key, ref, deps)()) !== undefined;
}

/**
 * The journey record an earlier attempt at this very event wrote, if any; read once, when entry
 * needs it. Its decision to enter stands whatever the profile reads now, and the name it started
 * the journey under is kept where names changed since (see showsWholeId), so its redelivery finds
 * that execution running rather than starting a second one.
 */
function earlierAttempt(
  event: EventEnvelope,
  scenario: string,
  key: string,
  request: EntryRequest,
  deps: EntryDeps,
): () => Promise<JourneyRecord | undefined> {
  let read: Promise<JourneyRecord | undefined> | undefined;
  return () => {
    if (request.mayBeRetry === false) return Promise.resolve(undefined);
    read ??= getJourney(deps.store, { profileId: event.detail.profileId, scenario, key }).then((earlier) =>
      earlier?.eventId === event.id ? earlier : undefined,
    );
    return read;
  };
}
