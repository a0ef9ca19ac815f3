import type { Trigger } from '../../language/trigger.ts';
import { EARLIEST_ZONE, isAnniversaryTrigger, isScheduleTrigger } from '../../language/trigger-kind.ts';

/**
 * The EventBridge Scheduler schedule that starts a scenario's broadcasts on AWS: an expression and
 * the zone Scheduler reads it in. What Scheduler fires is when an occurrence begins; which
 * customers it reaches, and when (each at their own reading, for local time), is the broadcast's
 * to work out with the same occurrence code the local platform runs (shared/schedule).
 */
export type SchedulerExpression = { readonly expression: string; readonly timeZone: string };

/** The schedule of a scenario started by the clock; none for one started by events. */
export function schedulerExpression(trigger: Trigger, projectZone: string): SchedulerExpression | undefined {
  if (isAnniversaryTrigger(trigger)) {
    // Every day, where the day begins first: the broadcast finds whose anniversary it is in each zone.
    return { expression: `cron(${dailyAt(trigger.anniversary.at)})`, timeZone: EARLIEST_ZONE };
  }
  if (!isScheduleTrigger(trigger)) return undefined;
  const { schedule } = trigger;
  const zone = schedule['time-zone'] ?? projectZone;
  const timeZone = zone === 'local' ? EARLIEST_ZONE : zone;
  if (schedule.at !== undefined) return { expression: `at(${schedule.at}:00)`, timeZone };
  if (schedule.cron !== undefined) {
    const inner = /^\s*cron\((.*)\)\s*$/s.exec(schedule.cron)?.[1] ?? schedule.cron;
    return { expression: `cron(${inner.trim()})`, timeZone };
  }
  // Scheduler's rate() counts 24-hour days, which drift an hour across a clock change: fire daily
  // at the time of `starting`, and the broadcast keeps the days of the cycle (calendar days).
  return { expression: `cron(${dailyAt((schedule.starting ?? '').slice(11, 16))})`, timeZone };
}

/** Scheduler's cron for every day at "HH:MM". */
function dailyAt(time: string): string {
  return `${Number(time.slice(3, 5))} ${Number(time.slice(0, 2))} * * ? *`;
}
