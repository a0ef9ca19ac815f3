import * as z from 'zod/mini';
import { isTimeZone, TimeZone } from '../../language/time-zone.ts';
import type { Weekday } from '../../language/wait-spec.ts';

/**
 * Conversions between instants and wall-clock time in an IANA time zone, built on Intl alone:
 * the runtime's time-zone database is the one Lambda ships, so no date library can disagree with it.
 */

export interface LocalDate {
  year: number;
  /** 1-12, as people write it (not JavaScript's 0-11). */
  month: number;
  day: number;
}

export interface LocalTime {
  hour: number;
  minute: number;
  second?: number;
}

export type LocalDateTime = LocalDate & LocalTime;

const SECOND_MS = 1_000;
const DAY_MS = 86_400_000;
// Indexed by Date#getUTCDay(), which starts the week on Sunday.
const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The zone to schedule a profile in: its own when it is a zone the runtime knows, else `fallback`
 * (the project's `time-zone`). A profile's zone comes from app events, so it may be anything.
 */
export function resolveTimeZone(candidate: unknown, fallback: string): string {
  const own = TimeZone.safeParse(candidate);
  if (own.success) return own.data;
  // The fallback comes from the validated project config; an invalid one is a bug, not data.
  if (!isTimeZone(fallback)) throw new RangeError(`invalid fallback time zone "${fallback}"`);
  return fallback;
}

/** "HH:MM", 00:00 to 23:59, as written in windows and quiet hours. */
export const TimeOfDayText = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time such as "21:00"'));

export function parseTimeOfDay(text: string): LocalTime {
  const valid = TimeOfDayText.parse(text);
  return { hour: Number(valid.slice(0, 2)), minute: Number(valid.slice(3, 5)) };
}

// Formatters are costly to build and Lambda containers are reused, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false, which some ICU versions render midnight as "24".
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function assertValidInstant(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('invalid Date');
  return time;
}

/** The wall-clock reading, in `timeZone`, at `instant` (to the second). */
export function wallClockAt(instant: Date, timeZone: string): Required<LocalDateTime> {
  const time = assertValidInstant(instant);
  const reading = new Date(wholeSecond(time) + offsetMs(instant, timeZone));
  return {
    year: reading.getUTCFullYear(),
    month: reading.getUTCMonth() + 1,
    day: reading.getUTCDate(),
    hour: reading.getUTCHours(),
    minute: reading.getUTCMinutes(),
    second: reading.getUTCSeconds(),
  };
}

/** The offset from UTC, in milliseconds, that `timeZone` observes at `instant` (+02:00 → 7 200 000). */
export function offsetMs(instant: Date, timeZone: string): number {
  const time = assertValidInstant(instant);
  const bucket = Math.floor(time / OFFSET_BUCKET_MS);
  let known = knownOffsets.get(timeZone);
  if (known === undefined || known.size >= MAX_KNOWN_OFFSETS) {
    known = new Map();
    knownOffsets.set(timeZone, known);
  }
  let offset = known.get(bucket);
  if (offset === undefined) {
    const first = formattedOffset(bucket * OFFSET_BUCKET_MS, timeZone);
    const last = formattedOffset((bucket + 1) * OFFSET_BUCKET_MS - SECOND_MS, timeZone);
    offset = first === last ? first : Number.NaN;
    known.set(bucket, offset);
  }
  return Number.isNaN(offset) ? formattedOffset(time, timeZone) : offset;
}

/**
 * Reading the zone through Intl takes a formatter call and a dozen allocations; a backtest asks
 * millions of times, for a handful of zones and a few months. Offsets change only at transitions,
 * a few a year and never two within a quarter of an hour, so the offset is read at both ends of
 * each quarter hour asked about: when they agree it holds throughout and is kept; when they
 * differ (the quarter of a transition) every instant in it is read from Intl.
 */
const OFFSET_BUCKET_MS = 15 * 60 * SECOND_MS;
/** Quarter hours kept per zone (about three years of them) before the zone's memory starts again. */
const MAX_KNOWN_OFFSETS = 100_000;
const knownOffsets = new Map<string, Map<number, number>>();

/** The offset at `time` as Intl reads it, to the second. */
function formattedOffset(time: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(time);
  const read = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  const reading = utcMs({
    year: read('year'),
    month: read('month'),
    day: read('day'),
    hour: read('hour'),
    minute: read('minute'),
    second: read('second'),
  });
  return reading - wholeSecond(time);
}

function wholeSecond(time: number): number {
  return Math.floor(time / SECOND_MS) * SECOND_MS;
}

/**
 * The instant at which `timeZone` reads `local`.
 * - A reading that happens twice (the repeated hour when clocks go back) resolves to the earlier.
 * - A reading that never happens (skipped when clocks go forward) resolves to the first instant
 *   after it, the moment of the transition: "02:30" on a spring-forward night in Paris is 03:00.
 */
export function instantAt(local: LocalDateTime, timeZone: string): Date {
  const wall = utcMs(local);
  // No zone changes offset twice within two days, so the offsets a day either side (and at the
  // reading itself) are the only ones the reading can have been observed with.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((shift) => offsetMs(new Date(wall + shift), timeZone)));
  const observed = [...offsets]
    .map((offset) => wall - offset)
    .filter((time) => readsAs(time, wall, timeZone));
  if (observed.length > 0) return new Date(Math.min(...observed));
  return new Date(firstReadingAtOrAfter(wall, timeZone, Math.min(...offsets), Math.max(...offsets)));
}

function readsAs(time: number, wall: number, timeZone: string): boolean {
  return time + offsetMs(new Date(time), timeZone) === wall;
}

/**
 * In a spring-forward gap the clock jumps from before `wall` to after it. Bisect, a second at a
 * time, for the first instant whose reading is not before `wall`: the transition itself.
 */
function firstReadingAtOrAfter(wall: number, timeZone: string, smallest: number, largest: number): number {
  let before = wall - largest; // read with the earlier, smaller offset: before `wall`
  let after = wall - smallest; // read with the later, larger offset: after `wall`
  while (after - before > SECOND_MS) {
    const middle = before + Math.floor((after - before) / (2 * SECOND_MS)) * SECOND_MS;
    if (middle + offsetMs(new Date(middle), timeZone) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

/** Milliseconds since the epoch of `local` read as if it were UTC: the arithmetic of calendars. */
function utcMs(local: LocalDateTime): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0-99 into 1900-1999.
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour, local.minute, local.second ?? 0, 0);
  return date.getTime();
}

/** The calendar date `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(utcMs({ ...date, hour: 0, minute: 0 }) + days * DAY_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The day of the week of a calendar date, which does not depend on the zone. */
export function weekdayOf(date: LocalDate): Weekday {
  const weekday = WEEKDAYS[new Date(utcMs({ ...date, hour: 0, minute: 0 })).getUTCDay()];
  if (weekday === undefined) throw new RangeError('invalid date');
  return weekday;
}

/** How many days a month of a year has (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
