import { describe, expect, it } from 'vitest';
import { parseCron } from '../../../language/cron.ts';

describe('EventBridge Scheduler cron expressions', () => {
  it('reads the first Monday of each month at 10:00, with or without cron( )', () => {
    // Act
    const bare = parseCron('0 10 ? * MON#1 *');
    const wrapped = parseCron('cron(0 10 ? * 2#1 *)');

    // Assess: MON is day 2 of Scheduler's week, and 1 (Monday) in the 0-6 numbering used inside.
    expect(bare).toEqual({
      spec: {
        minutes: [0],
        hours: [10],
        days: { by: 'week-day', days: [{ kind: 'nth', weekday: 1, nth: 1 }] },
        months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        years: undefined,
      },
    });
    expect(wrapped).toEqual(bare);
  });

  it('counts the days of the week from Sunday, 1 to 7, not Unix cron’s 0 to 6', () => {
    const spec = parseCron('0 9 ? * 1,7 *');
    expect('spec' in spec && spec.spec.days).toEqual({
      by: 'week-day',
      days: [
        { kind: 'every', weekday: 0 },
        { kind: 'every', weekday: 6 },
      ],
    });
    expect(parseCron('0 9 ? * 0 *')).toEqual({ problems: ['day-of-week: "0" is not 1-7 or SUN-SAT'] });
  });

  it('reads ranges, steps, lists, names and the L, LW, W and #/L day forms', () => {
    const spec = parseCron('*/15 8-10 L,LW,15W JAN-MAR/2 ? 2027-2028');
    expect('spec' in spec && spec.spec).toEqual({
      minutes: [0, 15, 30, 45],
      hours: [8, 9, 10],
      days: {
        by: 'month-day',
        days: [{ kind: 'last' }, { kind: 'last-weekday' }, { kind: 'nearest-weekday', day: 15 }],
      },
      months: [1, 3],
      years: [2027, 2028],
    });
    const lastFriday = parseCron('30 18 ? * FRIL *');
    expect('spec' in lastFriday && lastFriday.spec.days).toEqual({
      by: 'week-day',
      days: [{ kind: 'last', weekday: 5 }],
    });
  });

  it('refuses what AWS refuses, naming every problem at once', () => {
    expect(parseCron('0 10 * * MON *')).toEqual({
      problems: [
        'one of day-of-month and day-of-week must be "?" (AWS refuses an expression that sets both)',
      ],
    });
    expect(parseCron('61 25 ? * MON#6 *')).toEqual({
      problems: [
        'minutes: "61" is not 0-59',
        'hours: "25" is not 0-23',
        'day-of-week: "MON#6": the week in "#" is 1 to 5',
      ],
    });
    expect(parseCron('0 10 * *')).toEqual({
      problems: ['expected 6 fields (minutes hours day-of-month month day-of-week year), found 4'],
    });
    expect(parseCron('0 10 ? * ? *')).toEqual({
      problems: ['day-of-month and day-of-week cannot both be "?"'],
    });
    expect(parseCron('0 10-8 ? * MON *')).toEqual({ problems: ['hours: "10-8" runs backwards'] });
    expect(parseCron('0 10 ? FOO MON 1969')).toEqual({
      problems: ['month: "FOO" is not 1-12 or JAN-DEC', 'year: "1969" is not 1970-2199'],
    });
  });
});
