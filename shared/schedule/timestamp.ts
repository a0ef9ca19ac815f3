import * as z from 'zod/mini';
import { instantAt } from './local-time.ts';

/**
 * Timestamps a profile or an event may carry: an ISO 8601 instant ("2026-05-01T09:00:00Z",
 * "…+02:00"), or a local date or date-time without an offset ("2026-05-01", "2026-05-01T09:00"),
 * which is read in the profile's zone: a renewal on the 1st starts at midnight where the customer is.
 */
const Timestamp = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })]);
const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/** Milliseconds since the epoch, or undefined when `value` is not such a timestamp. */
export function parseTimestamp(value: unknown, timeZone: string): number | undefined {
  const parsed = Timestamp.safeParse(value);
  if (!parsed.success) return undefined;
  const local = LOCAL_PATTERN.exec(parsed.data);
  if (local === null) {
    // It carries "Z" or an offset, which Date.parse reads exactly.
    const time = Date.parse(parsed.data);
    return Number.isNaN(time) ? undefined : time;
  }
  const [, year, month, day, hour, minute, second] = local;
  // Fractions of a second are dropped: a wake-up is scheduled to the second.
  const reading = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
  };
  return instantAt(reading, timeZone).getTime();
}
