import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../language/trigger.ts';
import { isAnniversary, profileDate } from '../../../shared/schedule/anniversaries.ts';
import { instantAt } from '../../../shared/schedule/local-time.ts';
import { nextInZone, nextReading, parseReading, readingText } from '../../../shared/schedule/occurrences.ts';

const audience = { reachable: 'email' } as const;
const firstMonday: Schedule = { cron: '0 10 ? * MON#1 *', 'time-zone': 'local', audience };

function readings(schedule: Schedule, from: string, count: number): string[] {
  const found: string[] = [];
  let after = parseReading(from);
  for (let index = 0; index < count; index += 1) {
    const next = nextReading(schedule, after);
    if (next === undefined) break;
    found.push(readingText(next));
    after = next;
  }
  return found;
}

describe('schedule occurrences', () => {
  it('finds the first Monday of each month at 10:00', () => {
    expect(readings(firstMonday, '2026-09-30T00:00', 5)).toEqual([
      '2026-10-05T10:00',
      '2026-11-02T10:00',
      '2026-12-07T10:00',
      '2027-01-04T10:00',
      '2027-02-01T10:00',
    ]);
  });

  it('delivers each first Monday at 10:00 where each customer lives, across the autumn clock changes', () => {
    // Sydney moves forward on 4 October 2026, Paris back on 25 October, New York back on 1 November.
    const at = (reading: string, zone: string) => instantAt(parseReading(reading), zone).toISOString();
    expect(
      ['Europe/Paris', 'America/New_York', 'Australia/Sydney'].map((zone) => at('2026-10-05T10:00', zone)),
    ).toEqual(['2026-10-05T08:00:00.000Z', '2026-10-05T14:00:00.000Z', '2026-10-04T23:00:00.000Z']);
    expect(
      ['Europe/Paris', 'America/New_York', 'Australia/Sydney'].map((zone) => at('2026-11-02T10:00', zone)),
    ).toEqual(['2026-11-02T09:00:00.000Z', '2026-11-02T15:00:00.000Z', '2026-11-01T23:00:00.000Z']);
  });

  it('in one zone, skips a reading the clocks jump over and runs a repeated one once, as EventBridge Scheduler does', () => {
    const nightly: Schedule = { cron: '30 2 * * ? *', 'time-zone': 'Europe/Paris', audience };
    const next = (after: string) => nextInZone(nightly, 'Europe/Paris', new Date(after));
    // 28 March 2027: 02:00 becomes 03:00 in Paris, so there is no 02:30 that night.
    expect(next('2027-03-27T02:00:00Z')?.at.toISOString()).toBe('2027-03-29T00:30:00.000Z');
    // 25 October 2026: 03:00 becomes 02:00, so 02:30 comes twice; it runs at the first.
    const autumn = next('2026-10-24T23:00:00Z');
    expect(autumn?.at.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(next('2026-10-25T00:31:00Z')?.at.toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });

  it('a reading a customer’s clocks jump over reaches them at the change, not never', () => {
    expect(instantAt(parseReading('2027-03-28T02:30'), 'Europe/Paris').toISOString()).toBe(
      '2027-03-28T01:00:00.000Z',
    );
  });

  it('runs "every" in calendar days at the time of "starting", and "at" once', () => {
    const fortnightly: Schedule = { every: '2w', starting: '2026-10-20T10:00', audience };
    expect(readings(fortnightly, '2026-10-01T00:00', 3)).toEqual([
      '2026-10-20T10:00',
      '2026-11-03T10:00',
      '2026-11-17T10:00',
    ]);
    expect(readings(fortnightly, '2026-11-03T10:00', 1)).toEqual(['2026-11-17T10:00']);
    const once: Schedule = { at: '2026-12-24T18:00', audience };
    expect(readings(once, '2026-12-01T00:00', 3)).toEqual(['2026-12-24T18:00']);
    expect(readings(once, '2026-12-24T18:00', 3)).toEqual([]);
  });

  it('ends with the cron’s last year', () => {
    const yearly: Schedule = { cron: '0 9 1 JAN ? 2027-2028', audience };
    expect(readings(yearly, '2026-06-01T00:00', 5)).toEqual(['2027-01-01T09:00', '2028-01-01T09:00']);
  });
});

describe('anniversaries', () => {
  const day = (text: string) => profileDate(text) ?? { year: 0, month: 0, day: 0 };

  it('keeps 29 February on 28 February in a year without one', () => {
    const leapling = day('2000-02-29');
    expect(isAnniversary(leapling, 'year', day('2027-02-28'))).toBe(true);
    expect(isAnniversary(leapling, 'year', day('2027-03-01'))).toBe(false);
    expect(isAnniversary(leapling, 'year', day('2028-02-28'))).toBe(false);
    expect(isAnniversary(leapling, 'year', day('2028-02-29'))).toBe(true);
  });

  it('keeps a monthly 31st on the last day of shorter months, and never counts the date itself', () => {
    const signup = day('2026-01-31');
    expect(isAnniversary(signup, 'month', day('2026-01-31'))).toBe(false);
    expect(isAnniversary(signup, 'month', day('2026-02-28'))).toBe(true);
    expect(isAnniversary(signup, 'month', day('2026-04-30'))).toBe(true);
    expect(isAnniversary(signup, 'month', day('2026-05-31'))).toBe(true);
    expect(isAnniversary(signup, 'month', day('2026-05-30'))).toBe(false);
  });

  it('reads a date or the date part of a timestamp, and nothing else', () => {
    expect(profileDate('1990-05-17')).toEqual({ year: 1990, month: 5, day: 17 });
    expect(profileDate('1990-05-17T00:00:00Z')).toEqual({ year: 1990, month: 5, day: 17 });
    expect(profileDate('1990-02-30')).toBeUndefined();
    expect(profileDate('17/05/1990')).toBeUndefined();
    expect(profileDate('1990-05-17 garbage')).toBeUndefined();
    expect(profileDate(19900517)).toBeUndefined();
  });
});
