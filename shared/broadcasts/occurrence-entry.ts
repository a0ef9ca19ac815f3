import type { Scenario } from '../../language/scenario.ts';
import { clockAudience, isAnniversaryTrigger } from '../../language/trigger-kind.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import { isSuppressedOn } from '../consent/suppression-store.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import {
  decideEntry,
  type EntryStartDeps,
  entryRecordFacts,
  standingEntry,
} from '../ingest/start-triggered-journeys.ts';
import { type EntryOutcomeRecord, recordEntryOutcome } from '../journeys/entry-outcomes.ts';
import { enteredBy } from '../journeys/start-journey.ts';
import { isAnniversaryOf } from '../schedule/anniversaries.ts';
import { parseReading } from '../schedule/occurrences.ts';
import { audienceDecision } from './audience.ts';
import { type Occurrence, occurrenceEvent } from './occurrence-event.ts';

/**
 * Enters one customer into one occurrence of a schedule or an anniversary, at the moment it is
 * theirs: a member of the audience starts a journey (entry conditions, re-entry, holdout and
 * control group as for any trigger); one who cannot be reached on the audience's channel gets a
 * recorded skip with the reason; anyone else is not part of the occurrence and nothing is written.
 *
 * Safe to repeat, which is how an interrupted broadcast is finished: the trigger event and so the
 * journey and its execution name are the same on every attempt, and the first decision stands.
 */
export async function enterOccurrence(
  occurrence: Occurrence,
  profileId: string,
  deliveredAt: Date,
  deps: EntryStartDeps,
): Promise<EntryOutcomeRecord | undefined> {
  const { scenario } = scenarioOf(deps.bundle, { scenario: occurrence.scenario });
  const event = occurrenceEvent(occurrence, profileId, deliveredAt);
  // The first decision stands: a retried batch whose first attempt entered the customer (their
  // journey record is written, or their outcome) must not refuse them because they opted out
  // since, or left the segment; the send itself reads consent again.
  const standing = await standingEntry(occurrence.scenario, event, deps);
  if (standing !== undefined) return standing;
  if (await enteredBy(scenario, event, deps)) return decideEntry(occurrence.scenario, event, true, deps);
  return decideAudience(occurrence, scenario, event, deps);
}

/** Who the occurrence is for, decided now: a member starts, an unreachable one is recorded, anyone else is not part of it. */
async function decideAudience(
  occurrence: Occurrence,
  scenario: Scenario,
  event: EventEnvelope,
  deps: EntryStartDeps,
): Promise<EntryOutcomeRecord | undefined> {
  const { trigger } = scenario;
  const profileId = event.detail.profileId;
  const now = deps.clock.now();
  const { profile, conditions } = await loadCustomerContext(
    deps.store,
    deps.bundle.config,
    profileId,
    event,
    now,
  );
  if (profile === undefined) return undefined;

  if (
    isAnniversaryTrigger(trigger) &&
    !isAnniversaryOf(trigger.anniversary, conditions.profile, parseReading(occurrence.reading))
  )
    return undefined;
  const audience = clockAudience(trigger);
  const decision = audienceDecision({
    audience,
    profile,
    inSegment: conditions.segment,
    suppressed:
      audience?.reachable !== undefined && (await isSuppressedOn(deps.store, profile, audience.reachable)),
    topic: scenario.program,
  });
  if (decision.kind === 'outside') return undefined;
  if (decision.kind === 'excluded') {
    return recordEntryOutcome(
      deps.store,
      {
        ...entryRecordFacts(occurrence.scenario, event, now),
        outcome: 'skipped',
        reason: 'unreachable',
        detail: decision.detail,
      },
      now,
    );
  }
  // Neither an outcome nor a journey record of an earlier attempt stands (both read above), so
  // entry reads neither again.
  return decideEntry(occurrence.scenario, event, false, deps);
}
