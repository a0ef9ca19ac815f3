import type { Schedule, Trigger } from './trigger.ts';
import { isAnniversaryTrigger, isScheduleTrigger } from './trigger-kind.ts';

/**
 * The zone that reaches every reading first (UTC+14, Kiribati's Line Islands; IANA's "Etc/GMT-14",
 * whose sign is inverted as POSIX has it). A schedule in each customer's local time begins there,
 * locally and on AWS, and each customer is reached at their own zone's reading.
 */
export const EARLIEST_ZONE = 'Etc/GMT-14';

/**
 * How long an occurrence in each customer's local time lasts: from its reading in EARLIEST_ZONE
 * to the same reading in the last zone (UTC−12), 26 hours later.
 */
export const LOCAL_TIME_SPAN_MS = 26 * 3_600_000;

/**
 * When a clock trigger's occurrences begin: its schedule (an anniversary's is every day at its
 * time) read in its zone, or, for each customer's local time, in EARLIEST_ZONE. The local platform
 * fires it; on AWS it is the EventBridge Scheduler schedule (see schedule-expression.ts).
 */
export type ClockSchedule = {
  readonly form: 'schedule' | 'anniversary';
  readonly schedule: Schedule;
  readonly startZone: string;
};

export function clockSchedule(trigger: Trigger, projectZone: string): ClockSchedule | undefined {
  if (isScheduleTrigger(trigger)) {
    const zone = trigger.schedule['time-zone'] ?? projectZone;
    return {
      form: 'schedule',
      schedule: trigger.schedule,
      startZone: zone === 'local' ? EARLIEST_ZONE : zone,
    };
  }
  if (isAnniversaryTrigger(trigger)) {
    const daily: Schedule = {
      cron: dailyCron(trigger.anniversary.at),
      audience: trigger.anniversary.audience ?? {},
    };
    return { form: 'anniversary', schedule: daily, startZone: EARLIEST_ZONE };
  }
  return undefined;
}

/** Every day at "HH:MM", as Scheduler's cron fields. */
export function dailyCron(time: string): string {
  return `${Number(time.slice(3, 5))} ${Number(time.slice(0, 2))} * * ? *`;
}
