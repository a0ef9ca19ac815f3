import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { matchesPattern } from '../../shared/events/pattern-match.ts';
import { getJourney } from '../../shared/journeys/journey-store.ts';
import { valueAt } from '../../shared/store/field-path.ts';
import type { Table } from '../../shared/store/table.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import { humanizeDuration } from '../../state-machines/language/duration.ts';
import { describeCondition } from '../../state-machines/model/step-tree.ts';

export type EntrySkip = { readonly scenario: string; readonly reason: string };

/**
 * Why the scenarios an event triggered did not start a journey, read back from the journey records
 * once the platform has handled the event. The entry function returns its decision to a rule
 * target that nobody reads (as in AWS), so the log derives it from what the decision left behind:
 * the journey record under the same key, written by this event or by an earlier one.
 */
export async function entrySkips(
  table: Table,
  scenarios: readonly ProjectScenario[],
  event: EventEnvelope,
): Promise<EntrySkip[]> {
  const skips: EntrySkip[] = [];
  for (const { scenario } of scenarios) {
    if (!matchesPattern(scenario.trigger, event)) continue;
    const { key, reentry, when } = scenario.entry;
    const keyValue = key === undefined ? 'profile' : valueAt(event, key);
    if (typeof keyValue !== 'string' && typeof keyValue !== 'number') {
      skips.push({ scenario: scenario.id, reason: `the event has no ${key}, the journey key` });
      continue;
    }
    const journeyKey = reentry === 'always' ? `${keyValue}#${event.id}` : String(keyValue);
    const journey = await getJourney(table, {
      profileId: event.detail.profileId,
      scenario: scenario.id,
      key: journeyKey,
    });
    if (journey?.eventId === event.id) continue;
    if (journey !== undefined) {
      const which = key === undefined ? '' : ` for ${keyValue}`;
      const reason =
        typeof reentry === 'object'
          ? `entered${which} less than ${humanizeDuration(reentry.after)} ago (entry.reentry.after)`
          : `already entered${which} (entry.reentry: never)`;
      skips.push({ scenario: scenario.id, reason });
    } else if (when !== undefined) {
      skips.push({ scenario: scenario.id, reason: `entry condition not met: ${describeCondition(when)}` });
    } else {
      skips.push({ scenario: scenario.id, reason: 'the entry failed (see the error above)' });
    }
  }
  return skips;
}
