import * as z from 'zod/mini';
import { TimeWindow, Weekday } from '../../language/wait-spec.ts';
import { addDays, instantAt, type LocalTime, parseTimeOfDay, wallClockAt, weekdayOf } from './local-time.ts';

/** A window of local time that recurs daily, optionally only on some days of the week. */
export interface DailyWindow {
  opens: LocalTime;
  closes: LocalTime;
  /** The days on which the window opens (a window wrapping midnight closes the next day). */
  days?: readonly Weekday[] | undefined;
}

/** One day's window, as instants. */
export interface Occurrence {
  opens: Date;
  closes: Date;
}

const WindowInput = z.object({
  window: TimeWindow,
  days: z.optional(z.array(Weekday).check(z.minLength(1))),
});

/** `{ window: "09:00-20:00", days: [mon] }` as written in scenarios. */
export function parseWindow(input: { window: string; days?: readonly Weekday[] | undefined }): DailyWindow {
  const { window, days } = WindowInput.parse(input);
  return { opens: parseTimeOfDay(window.slice(0, 5)), closes: parseTimeOfDay(window.slice(6)), days };
}

const SEARCH_DAYS = 8;

/**
 * The first occurrence of `window` in `timeZone` that has not closed by `now`: the one `now` is in,
 * else the next. Occurrences are instants, so the hour repeated when clocks go back is in a window
 * once, on its first pass, and a window that lies wholly in a spring-forward gap is skipped that day.
 */
export function nextOccurrence(now: Date, window: DailyWindow, timeZone: string): Occurrence {
  const wraps = minutesOf(window.opens) >= minutesOf(window.closes);
  const today = wallClockAt(now, timeZone);
  // From yesterday: a window that wraps past midnight may have opened then and still be open.
  // Eight days ahead finds every weekday again, even if one occurrence falls in a DST gap.
  for (let shift = -1; shift <= SEARCH_DAYS; shift += 1) {
    const date = addDays(today, shift);
    if (window.days !== undefined && !window.days.includes(weekdayOf(date))) continue;
    const opens = instantAt({ ...date, ...window.opens }, timeZone);
    const closes = instantAt({ ...(wraps ? addDays(date, 1) : date), ...window.closes }, timeZone);
    if (closes <= opens) continue;
    if (now < closes) return { opens, closes };
  }
  throw new RangeError(`the window never opens within ${SEARCH_DAYS} days: are its days empty?`);
}

/**
 * `now` when it is inside the window (on an allowed day; for a window wrapping past midnight, the
 * day it opened), else the next instant the window opens, read in `timeZone`.
 */
export function nextWindowOpening(
  now: Date,
  window: { window: string; days?: readonly Weekday[] | undefined },
  timeZone: string,
): Date {
  const { opens } = nextOccurrence(now, parseWindow(window), timeZone);
  return opens <= now ? new Date(now) : opens;
}

function minutesOf(time: LocalTime): number {
  return time.hour * 60 + time.minute;
}
