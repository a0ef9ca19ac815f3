import { isCalendarDate } from '../../language/calendar-date.ts';
import type { Anniversary } from '../../language/trigger.ts';
import { valueAt } from '../store/field-path.ts';
import { daysInMonth, type LocalDate } from './local-time.ts';

/**
 * The day of the year (or month) a profile date comes back. The rules, for dates some years or
 * months lack:
 * - 29 February is kept on 28 February in a year without one (as most countries' law counts a
 *   birthday, and as Braze and Customer.io send);
 * - each month, a 29th, 30th or 31st is kept on the month's last day when it is shorter.
 */

/**
 * The date in a profile field: "YYYY-MM-DD", or a timestamp whose date part is taken as written
 * (a birth date stored as "1990-05-17T00:00:00Z" is 17 May wherever the customer lives).
 */
export function profileDate(value: unknown): LocalDate | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.slice(0, 10);
  if (!isCalendarDate(text) || (value.length > 10 && value[10] !== 'T')) return undefined;
  return { year: Number(text.slice(0, 4)), month: Number(text.slice(5, 7)), day: Number(text.slice(8, 10)) };
}

/** Whether `day` is an anniversary of `date` (the date itself is not: the first is a period later). */
export function isAnniversary(date: LocalDate, every: Anniversary['every'], day: LocalDate): boolean {
  const after = day.year > date.year || (day.year === date.year && day.month > date.month);
  if (!after) return false;
  if (every === 'year' && day.month !== date.month) return false;
  const kept = Math.min(date.day, daysInMonth(day.year, day.month));
  return day.day === kept;
}

/** Whether `day` is an anniversary of the date the trigger reads in a profile (as conditions see it). */
export function isAnniversaryOf(
  anniversary: Pick<Anniversary, 'date' | 'every'>,
  profile: Readonly<Record<string, unknown>>,
  day: LocalDate,
): boolean {
  const date = profileDate(valueAt(profile, anniversary.date.replace(/^profile\./, '')));
  return date !== undefined && isAnniversary(date, anniversary.every, day);
}
