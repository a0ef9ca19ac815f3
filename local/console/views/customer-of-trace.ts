import { entryOutcomeText } from '../../dev/entry-outcome-text.ts';
import { detailSummary } from '../../dev/log-format.ts';
import type { Trace } from '../../dev/trace.ts';
import { journeyViews } from '../../dev/trace-rows.ts';
import type { CustomerView } from '../console-source.ts';

/** A customer as the console shows them, from what `parcours trace` reads (masked or not, as given). */
export function customerOfTrace(trace: Trace): CustomerView {
  return {
    profileId: trace.profileId,
    profile: trace.profile,
    journeys: journeyViews(trace),
    entries: trace.entries.map((entry) => ({
      at: entry.eventTime,
      scenario: entry.scenario,
      text: `${entry.eventType}: ${entryOutcomeText(entry)}`,
      started: entry.outcome === 'started',
    })),
    events: trace.events.map((event) => ({
      at: event.time,
      type: event['detail-type'],
      source: event.source,
      summary: detailSummary(event.detail),
    })),
  };
}
