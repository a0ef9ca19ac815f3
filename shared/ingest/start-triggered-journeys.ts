import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { triggerEventPattern } from '../../language/trigger-kind.ts';
import type { Clock } from '../clock/clock.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import { type EntryOutcomeRecord, entryOutcomeOf, recordEntryOutcome } from '../journeys/entry-outcomes.ts';
import {
  type EntryOutcome,
  type EntryRequest,
  type StartExecution,
  startJourney,
} from '../journeys/start-journey.ts';
import type { OutcomeSink } from '../outcomes/outcome-fact.ts';
import type { ItemStore } from '../store/item-store.ts';

/** What ingest needs to start the journeys an event triggers. */
export type JourneyStartDeps = {
  /**
   * Starts an execution of a scenario's state machine: StartExecution on the `live` alias on AWS,
   * the local engine locally. Without it the event starts no journey, which is what the
   * delivery-events function wants (provider events trigger no scenario) and what tests of
   * ingest's other effects use.
   */
  readonly startExecution?: StartExecution | undefined;
  /** Only these scenarios take entries (`simulate --scenario`); every scenario when absent. */
  readonly entryScenarios?: ReadonlySet<string> | undefined;
};

/** A triggered journey that could not be started (the store or Step Functions failed): ingest reports the event failed, and it is redelivered. */
export class EntryFailedError extends Error {}

/**
 * Starts the journeys an event triggers, once ingest has applied the event, so an entry condition
 * reads the profile and aggregates this very event produced. Each scenario whose trigger matches
 * (the project's own EventBridge matcher) gets one recorded outcome: started, or why not.
 *
 * Idempotent by event id: an outcome already recorded for the event and scenario is returned as
 * it is and nothing is started again, whatever the profile reads now; an interrupted start is
 * finished by the retry (startJourney recognises its own journey record, and the execution name
 * keeps Step Functions to one execution). A failure is recorded as such, the other scenarios still
 * get their turn, then the event fails so that its delivery is retried.
 */
export async function startTriggeredJourneys(
  event: EventEnvelope,
  mayBeRetry: boolean,
  deps: JourneyStartDeps & EntryStores,
): Promise<EntryOutcomeRecord[]> {
  const { startExecution } = deps;
  if (startExecution === undefined) return [];
  const outcomes: EntryOutcomeRecord[] = [];
  for (const [scenarioId, { scenario }] of Object.entries(deps.bundle.scenarios)) {
    const pattern = triggerEventPattern(scenario.trigger);
    if (pattern === undefined || !matchesPattern(pattern, event)) continue;
    outcomes.push(await enterScenario(scenarioId, event, mayBeRetry, { ...deps, startExecution }));
  }
  const failed = outcomes.flatMap((outcome) =>
    outcome.outcome === 'failed' ? [`${outcome.scenario} (${outcome.error})`] : [],
  );
  if (failed.length > 0) {
    throw new EntryFailedError(
      `event ${event.id} of customer ${event.detail.profileId}: could not start ${failed.join(', ')}`,
    );
  }
  return outcomes;
}

/**
 * One scenario's entry for one trigger event, recorded: the decision already taken for this event
 * when an earlier delivery took one, else a new one. Also how a schedule's or an anniversary's
 * occurrence enters each customer (see broadcasts/occurrence-entry.ts).
 */
export async function enterScenario(
  scenarioId: string,
  event: EventEnvelope,
  mayBeRetry: boolean,
  deps: EntryStartDeps,
): Promise<EntryOutcomeRecord> {
  // Only a delivery that found the event unfinished can meet a decision already taken.
  const earlier = mayBeRetry ? await standingEntry(scenarioId, event, deps) : undefined;
  return earlier ?? decideEntry(scenarioId, event, mayBeRetry, deps);
}

/** The entry already decided for this event and scenario, unless its attempt failed. */
export async function standingEntry(
  scenarioId: string,
  event: EventEnvelope,
  deps: EntryStores,
): Promise<EntryOutcomeRecord | undefined> {
  const ref = { profileId: event.detail.profileId, eventId: event.id, scenario: scenarioId };
  const earlier = await entryOutcomeOf(deps.store, ref, deps.clock.now());
  return earlier?.outcome === 'failed' ? undefined : earlier;
}

/** A new entry decision for the event, recorded (when none stands: see standingEntry). */
export async function decideEntry(
  scenarioId: string,
  event: EventEnvelope,
  mayBeRetry: boolean,
  deps: EntryStartDeps,
): Promise<EntryOutcomeRecord> {
  const now = deps.clock.now();
  const decision = await decide({ scenario: scenarioId, event, mayBeRetry }, deps);
  return recordEntryOutcome(deps.store, { ...entryRecordFacts(scenarioId, event, now), ...decision }, now);
}

/** What every entry outcome of the event and scenario records beside the decision. */
export function entryRecordFacts(scenarioId: string, event: EventEnvelope, now: Date) {
  return {
    profileId: event.detail.profileId,
    eventId: event.id,
    scenario: scenarioId,
    eventType: event['detail-type'],
    eventTime: event.time,
    decidedAt: now.toISOString(),
  };
}

/** Where entries are read and recorded, and what they are decided by. */
export type EntryStores = {
  readonly store: ItemStore;
  readonly bundle: RuntimeBundle;
  readonly clock: Clock;
  readonly facts: OutcomeSink;
};

/** What starting and recording one entry needs. */
export type EntryStartDeps = JourneyStartDeps & EntryStores & { readonly startExecution: StartExecution };

async function decide(request: EntryRequest, deps: EntryStartDeps): Promise<EntryOutcome> {
  if (deps.entryScenarios !== undefined && !deps.entryScenarios.has(request.scenario)) {
    return {
      outcome: 'skipped',
      reason: 'scenario-filtered',
      detail: 'left out of this run (simulate --scenario)',
    };
  }
  try {
    return await startJourney(request, deps);
  } catch (error) {
    return { outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}
