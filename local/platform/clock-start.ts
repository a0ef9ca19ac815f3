import { clockSchedule, EARLIEST_ZONE, LOCAL_TIME_SPAN_MS } from '../../language/clock-schedule.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Schedule } from '../../language/trigger.ts';
import { nextInZone } from '../../shared/schedule/occurrences.ts';

/**
 * Where a clock replaying from `first` (a simulation's first event) starts: at `first`, or, for a
 * schedule in each customer's local time (kept in EARLIEST_ZONE), earlier, at the beginning of an
 * occurrence still in progress then, which is replayed whole at its times. Such an occurrence
 * begins where the reading comes first and reaches the last zone LOCAL_TIME_SPAN_MS later: a clock
 * starting at the first event never began it, and a backtest whose first event came at 10:00 UTC
 * sent none of that day's birthdays, not even those due at 09:00 in Los Angeles seven hours later.
 * An occurrence kept in one zone happens at one instant, so one before `first` is over.
 */
export function occurrenceStart(schedule: Schedule, zone: string, first: Date): Date {
  if (zone !== EARLIEST_ZONE) return first;
  // The first occurrence whose last zone's reading is at or after `first`.
  const begun = nextInZone(schedule, zone, new Date(first.getTime() - LOCAL_TIME_SPAN_MS - 1));
  return begun !== undefined && begun.at < first ? begun.at : first;
}

/** Where a simulation's time starts: the earliest start of the clocks of the scenarios it runs. */
export function clockStart(bundle: RuntimeBundle, only: readonly string[] | undefined, first: Date): Date {
  let start = first;
  for (const { scenario } of Object.values(bundle.scenarios)) {
    if (only !== undefined && !only.includes(scenario.id)) continue;
    const plan = clockSchedule(scenario.trigger, bundle.config['time-zone']);
    if (plan === undefined) continue;
    const begins = occurrenceStart(plan.schedule, plan.startZone, first);
    if (begins < start) start = begins;
  }
  return start;
}
