import { clockSchedule, dailyCron } from '../../language/clock-schedule.ts';
import { cronFields } from '../../language/cron.ts';
import type { Trigger } from '../../language/trigger.ts';

/**
 * The EventBridge Scheduler schedule that starts a scenario's broadcasts on AWS: an expression and
 * the zone Scheduler reads it in. What Scheduler fires is when an occurrence begins; which
 * customers it reaches, and when (each at their own reading, for local time), is the broadcast's
 * to work out with the same occurrence code the local platform runs (shared/schedule).
 */
export type SchedulerExpression = { readonly expression: string; readonly timeZone: string };

/** The schedule of a scenario started by the clock; none for one started by events. */
export function schedulerExpression(trigger: Trigger, projectZone: string): SchedulerExpression | undefined {
  const clock = clockSchedule(trigger, projectZone);
  if (clock === undefined) return undefined;
  const { schedule, startZone: timeZone } = clock;
  if (schedule.at !== undefined) return { expression: `at(${schedule.at}:00)`, timeZone };
  if (schedule.cron !== undefined) return { expression: `cron(${cronFields(schedule.cron)})`, timeZone };
  // Scheduler's rate() counts 24-hour days, which drift an hour across a clock change: fire daily
  // at the time of `starting`, and the broadcast keeps the days of the cycle (calendar days).
  return { expression: `cron(${dailyCron((schedule.starting ?? '').slice(11, 16))})`, timeZone };
}
