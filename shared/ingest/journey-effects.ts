import { randomUUID } from 'node:crypto';
import { ERROR_NAMES } from '../../language/error-names.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import { journeysOf } from '../journeys/journey-store.ts';
import { claimWait, finishWait, releaseWait, type WaitingItem, waitsOf } from '../journeys/waiting-store.ts';
import { type ConversionDeps, convertJourney } from '../outcomes/conversion.ts';
import type { OutcomeFact } from '../outcomes/outcome-fact.ts';
import type { Conversion } from './ingest-report.ts';

/**
 * A conversion as the dashboards count it. An event that converts several journeys of one
 * scenario (three carts, one order) gives its value with the first that has one, as the reports
 * count it once (shared/outcomes/sql/claims.sql).
 */
const conversionOf = (fact: OutcomeFact, valued: Set<string>): Conversion => {
  const counted = fact.value !== undefined && !valued.has(fact.scenario);
  if (counted) valued.add(fact.scenario);
  return {
    scenario: fact.scenario,
    program: fact.program ?? '',
    ...(counted ? { value: fact.value } : {}),
    ...(counted && fact.currency !== undefined ? { currency: fact.currency } : {}),
  };
};

import type { ItemStore } from '../store/item-store.ts';

/**
 * How ingest reaches Step Functions. Each resolves once the task is resumed or ended, or when it
 * no longer exists (timed out, execution stopped): only a failure worth retrying should reject.
 */
export type TaskCallbacks = {
  readonly resumeTask: (token: string, output: object) => Promise<void>;
  readonly failTask: (token: string, error: string, cause: string) => Promise<void>;
};

export type JourneyEffects = { readonly conversions: readonly Conversion[]; readonly resumed: number };

/**
 * What an event does to the customer's journeys: it converts those whose goal it meets (running,
 * finished or held out: each conversion is a fact), ending their wait-for with Parcours.Converted,
 * then resumes the waits whose pattern it matches.
 * Conversions come first, so an event that is both a goal and an awaited event ends the journey
 * rather than letting it go on.
 */
export async function applyJourneyEffects(
  deps: ConversionDeps & TaskCallbacks,
  event: EventEnvelope,
  now: Date,
): Promise<JourneyEffects> {
  const { store } = deps;
  const callbacks = deps;
  const profileId = event.detail.profileId;
  const [journeys, waits] = await Promise.all([journeysOf(store, profileId), waitsOf(store, profileId, now)]);

  const conversions: Conversion[] = [];
  const convertedExecutions = new Set<string>();
  const valued = new Set<string>();
  for (const journey of journeys) {
    const result = await convertJourney(journey, event, deps);
    if (typeof result === 'object') conversions.push(conversionOf(result.converted, valued));
    if (result !== undefined) convertedExecutions.add(journey.execution);
  }

  let resumed = 0;
  for (const wait of waits) {
    // A converted journey still waiting (its goal raced its wait-for, or ending it failed earlier)
    // is ended now, whatever the event.
    if (convertedExecutions.has(wait.execution)) {
      await settleWait(store, wait, { eventId: event.id, now }, () =>
        callbacks.failTask(wait.token, ERROR_NAMES.converted, `goal reached (event ${event.id})`),
      );
    } else if (matchesPattern(wait.pattern, event)) {
      // Only ids go into the execution's history: the step reads anything else from the table.
      const output = { eventId: event.id, detailType: event['detail-type'], time: event.time };
      if (
        await settleWait(store, wait, { eventId: event.id, now }, () =>
          callbacks.resumeTask(wait.token, output),
        )
      )
        resumed += 1;
    }
  }
  return { conversions, resumed };
}

/**
 * Claims the wait for this delivery, calls Step Functions, then deletes the wait. If the call
 * fails the claim is let go, so that the redelivered event can settle it; a crash before the
 * delete leaves the claim, which the redelivery takes over once stale and settles again (a second
 * call on a used token resolves: see TaskCallbacks). False when another event took it first; a
 * wait another delivery of this event claimed a moment ago fails this one (WaitBusyError), which
 * is delivered again, rather than marking the event processed while that one may still die.
 */
async function settleWait(
  store: ItemStore,
  wait: WaitingItem,
  attempt: { readonly eventId: string; readonly now: Date },
  settle: () => Promise<void>,
): Promise<boolean> {
  const claim = randomUUID();
  const claimed = await claimWait(store, wait, { ...attempt, claim });
  if (claimed === 'taken') return false;
  if (claimed === 'busy')
    throw new WaitBusyError(`event ${attempt.eventId}: another delivery is resuming ${wait.execution}`);
  try {
    await settle();
  } catch (error) {
    await releaseWait(store, wait, claim);
    throw error;
  }
  await finishWait(store, wait, claim);
  return true;
}

/** Another delivery of the event holds the wait: this one is retried. */
export class WaitBusyError extends Error {
  override readonly name = ERROR_NAMES.retryable;
}
