import * as z from 'zod/mini';

const UNIT_SECONDS = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNIT_SECONDS;
const UNIT_NAMES: Record<Unit, string> = { w: 'week', d: 'day', h: 'hour', m: 'minute', s: 'second' };

const DURATION_PATTERN = /^(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?$/;
const PART_PATTERN = /(\d+)([wdhms])/g;

/** A span of time written the way marketers say it: `90s`, `30m`, `1h`, `2d`, `1w`, or `1d12h`. */
export const Duration = z.string().check(
  z.regex(DURATION_PATTERN, 'expected a duration such as "30m", "1h", "2d", "1w" or "1d12h"'),
  z.refine((text) => text.length > 0 && durationSeconds(text) > 0, 'a duration must be longer than zero'),
  z.meta({ description: 'A duration: digits followed by w, d, h, m or s, e.g. "1h", "2d", "1d12h".' }),
);
export type Duration = z.infer<typeof Duration>;

/** Standard workflows run for at most one year, so no wait may be longer. */
export const MAX_EXECUTION_SECONDS = 365 * 86_400;

export function durationSeconds(duration: string): number {
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(PART_PATTERN)) {
    total += Number(amount) * UNIT_SECONDS[unit as Unit];
  }
  return total;
}

/** "1d12h" → "1 day 12 hours": state names are read by marketers in the console. */
export function humanizeDuration(duration: string): string {
  return [...duration.matchAll(PART_PATTERN)]
    .map(([, amount, unit]) => {
      const name = UNIT_NAMES[unit as Unit];
      return `${amount} ${name}${amount === '1' ? '' : 's'}`;
    })
    .join(' ');
}
