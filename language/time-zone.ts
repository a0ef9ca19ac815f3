import * as z from 'zod/mini';

/** Answers per zone name: building an Intl.DateTimeFormat to check a name costs far more than a lookup. */
const known = new Map<string, boolean>();
/** Enough for every IANA zone many times over; a flood of made-up names cannot grow it further. */
const MAX_REMEMBERED = 4_096;

/**
 * Whether `zone` is an IANA time zone the runtime knows, such as "Europe/Paris". UTC offsets such
 * as "+05:30" are refused on every Node version: newer ICU (Node 22 and later) accepts them as
 * zones, but an offset has no daylight-saving rules, so local times computed with it would drift
 * by an hour for half the year.
 */
export function isTimeZone(zone: string): boolean {
  const remembered = known.get(zone);
  if (remembered !== undefined) return remembered;
  const answer = zone !== '' && !/^[+-]/.test(zone) && runtimeKnows(zone);
  if (known.size < MAX_REMEMBERED) known.set(zone, answer);
  return answer;
}

function runtimeKnows(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone the runtime knows, e.g. "Europe/Paris". */
export const TimeZone = z
  .string()
  .check(z.refine(isTimeZone, 'expected an IANA time zone such as "Europe/Paris"'));
export type TimeZone = z.infer<typeof TimeZone>;
