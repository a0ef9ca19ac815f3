import { applyOwnEvent, type IngestDeps } from '../ingest/ingest-events.ts';
import type { EventOutcome } from '../ingest/ingest-report.ts';
import { updateMembership } from './membership.ts';
import { transitionEvent } from './transition-event.ts';

/**
 * The daily sweep of one customer: every segment is evaluated again, so those that move with time
 * alone ("no order for 60 days") and those moved by a journey's update-profile step are
 * recorded, and each transition is applied as ingest applies one (recorded, starting its
 * journeys, resuming waits). Safe to repeat for the same sweep: the cause (the sweep's day and
 * the customer) makes the same events.
 */
export async function sweepCustomer(
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
