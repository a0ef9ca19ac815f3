import { clockSchedule, EARLIEST_ZONE, LOCAL_TIME_SPAN_MS } from '../../language/clock-schedule.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { nextInZone } from '../../shared/schedule/occurrences.ts';

/**
 * Where a simulation's clock starts: at its first event, or earlier, at the beginning of an
 * occurrence in each customer's local time that is still in progress then (it begins where the
 * reading comes first and reaches the last zone LOCAL_TIME_SPAN_MS later), so that occurrence is
 * replayed whole, at its times. A clock starting at the first event never began it: a backtest
 * whose first event came at 10:00 UTC sent none of that day's birthdays, not even those due at
 * 09:00 in Los Angeles six hours later, since the day's occurrence had begun the evening before.
 * An occurrence kept in one zone happens at one instant, so one begun before the first event is
 * over: it is not replayed.
 */
export function clockStart(bundle: RuntimeBundle, only: readonly string[] | undefined, first: Date): Date {
  let start = first;
  for (const { scenario } of Object.values(bundle.scenarios)) {
    if (only !== undefined && !only.includes(scenario.id)) continue;
    const plan = clockSchedule(scenario.trigger, bundle.config['time-zone']);
    if (plan?.startZone !== EARLIEST_ZONE) continue;
    // The first occurrence whose last zone's reading is at or after the first event.
    const begun = nextInZone(
      plan.schedule,
      plan.startZone,
      new Date(first.getTime() - LOCAL_TIME_SPAN_MS - 1),
    );
    if (begun !== undefined && begun.at < start) start = begun.at;
  }
  return start;
}
