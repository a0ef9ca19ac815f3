import * as z from 'zod/mini';
import { ERROR_NAMES } from '../../language/error-names.ts';
import type { Scenario } from '../../language/scenario.ts';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import { isSegmentTrigger } from '../../language/trigger-kind.ts';
import { applyOwnEvent, type IngestDeps } from '../ingest/apply-events.ts';
import { addOutcome, type EventOutcome, emptyReport, type IngestReport } from '../ingest/ingest-report.ts';
import { readingAt, readingText } from '../schedule/occurrences.ts';
import { SORT_PREFIX } from '../store/keys.ts';
import { updateMembership } from './membership.ts';
import { transitionEvent } from './transition-event.ts';

/**
 * When the daily sweep runs, in the project's zone: after the night, so that a journey it starts
 * ("no order for 60 days") sends in the morning rather than at midnight.
 */
export const SWEEP_AT = '09:00';

/**
 * Whether the sweep has readers: a scenario (of those taken) starts on a segment transition or
 * waits for one. The steps are searched as text: a false match only runs a sweep nothing reads,
 * which costs time, never a message.
 */
export function sweepNeeded(
  segments: Readonly<Record<string, unknown>>,
  scenarios: Iterable<Pick<Scenario, 'trigger' | 'steps'>>,
): boolean {
  if (Object.keys(segments).length === 0) return false;
  for (const scenario of scenarios) {
    if (
      isSegmentTrigger(scenario.trigger) ||
      JSON.stringify(scenario.steps).includes(PARCOURS_SOURCES.segments)
    )
      return true;
  }
  return false;
}

/** One segment of the sweep's parallel scan, as the sweep state machine's Map hands it out. */
export const SweepSegment = z.object({
  segment: z.number().check(z.int(), z.nonnegative()),
  segments: z.number().check(z.int(), z.positive()),
  /** When the sweep began (Scheduler's scheduled time): its day, in the project's zone, names it. */
  scheduledTime: z.iso.datetime({ offset: true }),
});
export type SweepSegment = z.infer<typeof SweepSegment>;

/** Some customers of a segment could not be swept: the state machine retries the segment. */
export class SweepUnfinishedError extends Error {
  override readonly name = ERROR_NAMES.retryable;
}

const MAX_NAMED = 5;

/**
 * What a scan segment's sweep did: its customers, and what their transitions did, folded as ingest
 * folds a batch's events (the journeys they started or not, the conversions), for the sweep
 * function to count.
 */
export type SweptSegment = { readonly customers: number; readonly report: IngestReport };

/**
 * Sweeps the customers of one segment of a parallel scan (sweep.ts says what sweeping one does).
 * One customer's failure stops none of the others: they are thrown together at the end, each
 * named, and a retry of the segment finds those that went through already swept.
 */
export async function sweepSegment(request: SweepSegment, deps: IngestDeps): Promise<SweptSegment> {
  const day = readingText(readingAt(new Date(request.scheduledTime), deps.bundle.config['time-zone'])).slice(
    0,
    10,
  );
  const failed: string[] = [];
  const report = emptyReport();
  let customers = 0;
  let after: string | undefined;
  do {
    const page = await deps.store.scanSegment({
      segment: request.segment,
      segments: request.segments,
      sortKeyPrefix: SORT_PREFIX.profile,
      after,
    });
    for (const item of page.items) {
      if (typeof item.profileId !== 'string') continue;
      customers += 1;
      try {
        for (const outcome of await sweepCustomer(item.profileId, { day }, deps)) addOutcome(report, outcome);
      } catch (error) {
        failed.push(`${item.profileId} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    after = page.next;
  } while (after !== undefined);
  if (failed.length > 0) {
    const more = failed.length > MAX_NAMED ? ` and ${failed.length - MAX_NAMED} more` : '';
    throw new SweepUnfinishedError(
      `segment sweep ${day}, scan segment ${request.segment} of ${request.segments}: ${failed.length} customer(s) failed: ${failed.slice(0, MAX_NAMED).join(', ')}${more}`,
    );
  }
  return { customers, report };
}

/**
 * The daily sweep of one customer: every segment is evaluated again, so those that move with time
 * alone ("no order for 60 days") and those moved by a journey's update-profile step are
 * recorded, and each transition is applied as ingest applies one (recorded, starting its
 * journeys, resuming waits). Safe to repeat for the same sweep: the cause (the sweep's day and
 * the customer) makes the same events.
 */
async function sweepCustomer(
  profileId: string,
  sweep: { readonly day: string },
  deps: IngestDeps,
): Promise<EventOutcome[]> {
  const segments = Object.keys(deps.bundle.config.segments);
  const cause = { id: `segment-sweep/${sweep.day}/${profileId}` };
  const transitions = await updateMembership(
    deps.store,
    deps.bundle.config,
    profileId,
    segments,
    cause,
    deps.clock.now(),
  );
  const outcomes: EventOutcome[] = [];
  for (const transition of transitions)
    outcomes.push(await applyOwnEvent(transitionEvent(profileId, transition), deps));
  return outcomes;
}
