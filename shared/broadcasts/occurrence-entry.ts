import { clockAudience, isAnniversaryTrigger } from '../../language/trigger-kind.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import { isSuppressedOn } from '../consent/suppression-store.ts';
import { type EntryStartDeps, enterScenario } from '../ingest/start-triggered-journeys.ts';
import { type EntryOutcomeRecord, recordEntryOutcome } from '../journeys/entry-outcomes.ts';
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
  const { trigger } = scenario;
  const event = occurrenceEvent(occurrence, profileId, deliveredAt);
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
        profileId,
        eventId: event.id,
        scenario: occurrence.scenario,
        eventType: event['detail-type'],
        eventTime: event.time,
        decidedAt: now.toISOString(),
        outcome: 'skipped',
        reason: 'unreachable',
        detail: decision.detail,
      },
      now,
    );
  }
  return enterScenario(occurrence.scenario, event, true, deps);
}
