import * as z from 'zod/mini';
import { parseTimeOfDay, TimeOfDayText } from './local-time.ts';
import { nextOccurrence } from './windows.ts';

const QuietHours = z.object({ from: TimeOfDayText, to: TimeOfDayText });

/**
 * When `now` falls in quiet hours in `timeZone`, the instant they end (SMS and push wait for it);
 * else undefined. Quiet hours usually wrap midnight (21:00 to 08:00): they start at `from`
 * inclusive and end at `to` exclusive, so 21:00 is quiet and 08:00 is not.
 */
export function quietHoursEnd(
  now: Date,
  quietHours: { from: string; to: string },
  timeZone: string,
): Date | undefined {
  const { from, to } = QuietHours.parse(quietHours);
  // from === to would be all day or never; never is the reading that cannot hold messages forever.
  if (from === to) return undefined;
  const night = nextOccurrence(now, { opens: parseTimeOfDay(from), closes: parseTimeOfDay(to) }, timeZone);
  return night.opens <= now ? night.closes : undefined;
}
