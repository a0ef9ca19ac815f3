import { type CronSpec, type MonthDay, parseCron } from '../../language/cron.ts';
import { durationSeconds } from '../../language/duration.ts';
import type { Schedule } from '../../language/trigger.ts';
import { addDays, daysInMonth, instantAt, type LocalDateTime, wallClockAt } from './local-time.ts';

/**
 * When a schedule's broadcasts happen. A schedule names wall-clock readings ("the first Monday of
 * each month at 10:00"); each reading is one occurrence, identified by its text ("2027-01-04T10:00"),
 * delivered either at that reading in one zone or at that reading in each customer's own zone.
 */

/** A reading to the minute, as an occurrence is written: "2027-01-04T10:00". */
export type Reading = Required<Pick<LocalDateTime, 'year' | 'month' | 'day' | 'hour' | 'minute'>>;

const DAY_SECONDS = 86_400;
/** How far ahead a cron is searched for its next day: past it, a schedule counts as ended. */
const SEARCH_DAYS = 366 * 28;

export function readingText(reading: Reading): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${String(reading.year).padStart(4, '0')}-${two(reading.month)}-${two(reading.day)}T${two(reading.hour)}:${two(reading.minute)}`;
}

/** "2027-01-04T10:00" (validated by the language) as a reading. */
export function parseReading(text: string): Reading {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (match === null) throw new RangeError(`not a local date and time: "${text}"`);
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined
  )
    throw new RangeError(`not a local date and time: "${text}"`);
  return { year, month, day, hour, minute };
}

function compareReadings(a: Reading, b: Reading): number {
  return readingText(a).localeCompare(readingText(b));
}

/** The first reading of the schedule strictly after `after`; undefined once it has none left. */
export function nextReading(schedule: Schedule, after: Reading): Reading | undefined {
  if (schedule.at !== undefined) {
    const at = parseReading(schedule.at);
    return compareReadings(at, after) > 0 ? at : undefined;
  }
  if (schedule.cron !== undefined) {
    const parsed = parseCron(schedule.cron);
    if ('problems' in parsed)
      throw new RangeError(`invalid cron "${schedule.cron}": ${parsed.problems.join('; ')}`);
    return nextCronReading(parsed.spec, after);
  }
  if (schedule.every !== undefined && schedule.starting !== undefined) {
    return nextEveryReading(
      parseReading(schedule.starting),
      durationSeconds(schedule.every) / DAY_SECONDS,
      after,
    );
  }
  return undefined;
}

/** Every `days` days from `start`, at its time of day, counted in calendar days (10:00 stays 10:00). */
function nextEveryReading(start: Reading, days: number, after: Reading): Reading {
  if (compareReadings(start, after) > 0) return start;
  const elapsed = Math.floor(calendarDays(start, after) / days) * days;
  for (let step = elapsed; ; step += days) {
    const candidate = { ...addDays(start, step), hour: start.hour, minute: start.minute };
    if (compareReadings(candidate, after) > 0) return candidate;
  }
}

function calendarDays(from: Reading, to: Reading): number {
  return Math.round(
    (Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000,
  );
}

function nextCronReading(spec: CronSpec, after: Reading): Reading | undefined {
  for (let offset = 0; offset <= SEARCH_DAYS; offset += 1) {
    const date = addDays(after, offset);
    if (spec.years !== undefined && !spec.years.includes(date.year)) {
      if (date.year > (spec.years.at(-1) ?? 0)) return undefined;
      continue;
    }
    if (!spec.months.includes(date.month) || !dayMatches(spec, date)) continue;
    for (const hour of spec.hours) {
      for (const minute of spec.minutes) {
        const candidate = { ...date, hour, minute };
        if (compareReadings(candidate, after) > 0) return candidate;
      }
    }
  }
  return undefined;
}

/** 0 (Sunday) to 6 (Saturday), as cron.ts counts them. */
function weekdayNumber(date: { year: number; month: number; day: number }): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

function dayMatches(spec: CronSpec, date: { year: number; month: number; day: number }): boolean {
  const last = daysInMonth(date.year, date.month);
  const weekday = weekdayNumber(date);
  if (spec.days.by === 'week-day') {
    return spec.days.days.some((rule) => {
      if (rule.weekday !== weekday) return false;
      if (rule.kind === 'every') return true;
      if (rule.kind === 'nth') return Math.ceil(date.day / 7) === rule.nth;
      return date.day + 7 > last;
    });
  }
  return spec.days.days.some((rule) => monthDayMatches(rule, date, last));
}

function monthDayMatches(
  rule: MonthDay,
  date: { year: number; month: number; day: number },
  last: number,
): boolean {
  if (rule.kind === 'day') return rule.day === date.day;
  if (rule.kind === 'last') return date.day === last;
  if (rule.kind === 'last-weekday') return date.day === nearestWeekday(date.year, date.month, last);
  return rule.day <= last && date.day === nearestWeekday(date.year, date.month, rule.day);
}

/**
 * The weekday (Monday to Friday) nearest to a day, within its month (Quartz's "W", which
 * EventBridge follows): a Saturday moves to the Friday before, a Sunday to the Monday after,
 * unless that would leave the month, when it goes the other way.
 */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = weekdayNumber({ year, month, day });
  const last = daysInMonth(year, month);
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
}

/** The reading a zone shows at an instant, to the minute. */
export function readingAt(instant: Date, timeZone: string): Reading {
  const { year, month, day, hour, minute } = wallClockAt(instant, timeZone);
  return { year, month, day, hour, minute };
}

/**
 * The next occurrence, after `after`, of a schedule kept in one zone, as EventBridge Scheduler keeps
 * it: a reading the zone skips (clocks go forward) does not happen, and one it repeats (clocks go
 * back) happens once.
 */
export function nextInZone(
  schedule: Schedule,
  timeZone: string,
  after: Date,
): { readonly reading: Reading; readonly at: Date } | undefined {
  let from = readingAt(after, timeZone);
  for (;;) {
    const reading = nextReading(schedule, from);
    if (reading === undefined) return undefined;
    const at = instantAt(reading, timeZone);
    const exists = compareReadings(readingAt(at, timeZone), reading) === 0;
    if (exists && at.getTime() > after.getTime()) return { reading, at };
    from = reading;
  }
}
