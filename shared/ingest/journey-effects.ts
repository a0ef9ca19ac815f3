import { durationSeconds } from '../../state-machines/language/duration.ts';
import { ERROR_NAMES } from '../../state-machines/language/error-names.ts';
import type { Goal } from '../../state-machines/language/scenario.ts';
import type { RuntimeBundle } from '../config/runtime-bundle.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { matchesPattern } from '../events/pattern-match.ts';
import { type JourneyRecord, journeysOf, markConverted } from '../journeys/journey-store.ts';
import { scenarioGoal } from '../journeys/scenario-goal.ts';
import { restoreWait, takeWait, type WaitingItem, waitsOf } from '../journeys/waiting-store.ts';
import type { Table } from '../store/table.ts';

/**
 * How ingest reaches Step Functions. Each resolves once the task is resumed or ended, or when it
 * no longer exists (timed out, execution stopped): only a failure worth retrying should reject.
 */
export type TaskCallbacks = {
  readonly resumeTask: (token: string, output: object) => Promise<void>;
  readonly failTask: (token: string, error: string, cause: string) => Promise<void>;
};

export type JourneyEffects = { readonly converted: number; readonly resumed: number };

/**
 * What an event does to the customer's journeys: it converts those whose goal it meets, ending
 * their wait-for with Parcours.Converted, then resumes the waits whose pattern it matches.
 * Conversions come first, so an event that is both a goal and an awaited event ends the journey
 * rather than letting it go on.
 */
export async function applyJourneyEffects(
  table: Table,
  bundle: RuntimeBundle,
  callbacks: TaskCallbacks,
  event: EventEnvelope,
  now: Date,
): Promise<JourneyEffects> {
  const profileId = event.detail.profileId;
  const [journeys, waits] = await Promise.all([journeysOf(table, profileId), waitsOf(table, profileId, now)]);

  let converted = 0;
  const convertedExecutions = new Set<string>();
  for (const journey of journeys) {
    if (journey.convertedAt !== undefined) {
      convertedExecutions.add(journey.execution);
    } else if (meetsGoal(journey, scenarioGoal(bundle, journey.scenario), event)) {
      if (await markConverted(table, journey, event.time)) converted += 1;
      convertedExecutions.add(journey.execution);
    }
  }

  let resumed = 0;
  for (const wait of waits) {
    // A converted journey still waiting (its goal raced its wait-for, or ending it failed earlier)
    // is ended now, whatever the event.
    if (convertedExecutions.has(wait.execution)) {
      await settleWait(table, wait, () =>
        callbacks.failTask(wait.token, ERROR_NAMES.converted, `goal reached (event ${event.id})`),
      );
    } else if (matchesPattern(wait.pattern, event)) {
      // Only ids go into the execution's history: the step reads anything else from the table.
      const output = { eventId: event.id, detailType: event['detail-type'], time: event.time };
      if (await settleWait(table, wait, () => callbacks.resumeTask(wait.token, output))) resumed += 1;
    }
  }
  return { converted, resumed };
}

/** The goal counts from the journey's entry until the end of its window, both included. */
function meetsGoal(journey: JourneyRecord, goal: Goal | undefined, event: EventEnvelope): boolean {
  if (goal === undefined || !matchesPattern(goal.event, event)) return false;
  const at = Date.parse(event.time);
  const enteredAt = Date.parse(journey.enteredAt);
  return at >= enteredAt && at <= enteredAt + durationSeconds(goal.within) * 1000;
}

/**
 * Takes the wait, then calls Step Functions. If the call fails, the wait is put back so that the
 * redelivered event can settle it; false when another delivery took it first.
 */
async function settleWait(table: Table, wait: WaitingItem, settle: () => Promise<void>): Promise<boolean> {
  if (!(await takeWait(table, wait))) return false;
  try {
    await settle();
  } catch (error) {
    await restoreWait(table, wait);
    throw error;
  }
  return true;
}
