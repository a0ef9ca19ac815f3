import { type ClockSchedule, dailyCron, EARLIEST_ZONE } from '../../language/clock-schedule.ts';
import { ERROR_NAMES } from '../../language/error-names.ts';
import type { Schedule } from '../../language/trigger.ts';
import { nextInZone, type Reading, readingText } from '../schedule/occurrences.ts';

/**
 * A broadcast started at a time that is none of its Scheduler's firings: by hand with the wrong
 * reading or zone, or a typo. The same start fails the same way on every attempt, so the state
 * machine does not retry it (see RETRY_TRANSIENT) and the execution fails, naming the times that
 * would do, rather than ending "Delivered" to nobody.
 */
export class NotAnOccurrenceError extends Error {
  override readonly name = ERROR_NAMES.invalidInput;
}

/**
 * What EventBridge Scheduler fires (state-machines/compiler/schedule-expression.ts): an `every`
 * cycle daily at the time of `starting` (its `rate()` would drift across a clock change), whose
 * days outside the cycle the broadcast skips; any other schedule, its occurrences alone.
 */
export function schedulerFirings(schedule: Schedule): Schedule {
  if (schedule.every === undefined || schedule.starting === undefined) return schedule;
  return { cron: dailyCron(schedule.starting.slice(11, 16)), audience: schedule.audience };
}

/** Whether `at` is an instant the schedule, kept in `zone`, fires at (as Scheduler keeps it). */
export function firesAt(schedule: Schedule, zone: string, at: Date): boolean {
  return nextInZone(schedule, zone, new Date(at.getTime() - 1))?.at.getTime() === at.getTime();
}

/** How far back the occurrence before a start is looked for: a yearly one on 29 February is found. */
const LOOK_BACK_MS = 5 * 366 * 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The error for a start at `scheduledTime` that is no firing of the scenario's schedule, naming the
 * occurrences just before and after it, each by its reading and the instant it begins.
 */
export function notAnOccurrence(
  scenario: string,
  scheduledTime: string,
  clock: ClockSchedule,
): NotAnOccurrenceError {
  const at = new Date(scheduledTime);
  const before = previousInZone(clock.schedule, clock.startZone, at);
  const after = nextInZone(clock.schedule, clock.startZone, at);
  const describe = (occurrence: { readonly reading: Reading; readonly at: Date } | undefined) =>
    occurrence === undefined
      ? 'none'
      : `${readingText(occurrence.reading)} (scheduledTime ${occurrence.at.toISOString()})`;
  const zone =
    clock.startZone === EARLIEST_ZONE
      ? `readings in ${EARLIEST_ZONE} (UTC+14, the first zone to reach them: each customer is reached later at their own)`
      : `readings in ${clock.startZone}`;
  return new NotAnOccurrenceError(
    `scheduledTime ${scheduledTime} is not when an occurrence of scenario "${scenario}" begins, so nothing was sent: its occurrences begin at ${zone}; the one before is ${describe(before)}, the one after ${describe(after)}`,
  );
}

/**
 * The last occurrence strictly before `at`, looked for in windows doubling from an hour (so a
 * schedule firing every minute is not walked for years), none past LOOK_BACK_MS.
 */
function previousInZone(schedule: Schedule, zone: string, at: Date): ReturnType<typeof nextInZone> {
  for (let span = HOUR_MS; span < 2 * LOOK_BACK_MS; span *= 2) {
    let last: ReturnType<typeof nextInZone>;
    let next = nextInZone(schedule, zone, new Date(at.getTime() - span - 1));
    while (next !== undefined && next.at < at) {
      last = next;
      next = nextInZone(schedule, zone, next.at);
    }
    if (last !== undefined) return last;
  }
  return undefined;
}
