import { describe, expect, it } from 'vitest';
import { EARLIEST_ZONE } from '../../../language/clock-schedule.ts';
import type { Trigger } from '../../../language/trigger.ts';
import { instantAt } from '../../../shared/schedule/local-time.ts';
import { parseReading } from '../../../shared/schedule/occurrences.ts';
import { schedulerExpression } from '../../../state-machines/compiler/schedule-expression.ts';

const audience = { reachable: 'email' } as const;

describe('the EventBridge Scheduler schedule of a clock trigger', () => {
  it('keeps a cron as written, in its zone, or in the earliest zone for local time', () => {
    const inParis: Trigger = {
      schedule: { cron: 'cron(0 10 ? * MON#1 *)', 'time-zone': 'Europe/Paris', audience },
    };
    const local: Trigger = { schedule: { cron: '0 10 ? * MON#1 *', 'time-zone': 'local', audience } };
    const projectZone: Trigger = { schedule: { cron: '0 10 ? * MON#1 *', audience } };

    expect(schedulerExpression(inParis, 'UTC')).toEqual({
      expression: 'cron(0 10 ? * MON#1 *)',
      timeZone: 'Europe/Paris',
    });
    expect(schedulerExpression(local, 'UTC')).toEqual({
      expression: 'cron(0 10 ? * MON#1 *)',
      timeZone: 'Etc/GMT-14',
    });
    expect(schedulerExpression(projectZone, 'America/New_York')).toEqual({
      expression: 'cron(0 10 ? * MON#1 *)',
      timeZone: 'America/New_York',
    });
  });

  it('fires "at" once, "every" daily at its time, and anniversaries daily where the day begins', () => {
    expect(schedulerExpression({ schedule: { at: '2027-01-04T10:00', audience } }, 'Europe/Paris')).toEqual({
      expression: 'at(2027-01-04T10:00:00)',
      timeZone: 'Europe/Paris',
    });
    expect(
      schedulerExpression(
        { schedule: { every: '2w', starting: '2026-10-20T09:30', audience } },
        'Europe/Paris',
      ),
    ).toEqual({ expression: 'cron(30 9 * * ? *)', timeZone: 'Europe/Paris' });
    expect(
      schedulerExpression({ anniversary: { date: 'profile.birthDate', every: 'year', at: '09:00' } }, 'UTC'),
    ).toEqual({ expression: 'cron(0 9 * * ? *)', timeZone: 'Etc/GMT-14' });
    expect(schedulerExpression({ source: ['shop'] }, 'UTC')).toBeUndefined();
  });

  it('starts a local-time occurrence before any customer’s reading of it', () => {
    // Etc/GMT-14 is UTC+14: no zone reads 10:00 earlier, so the broadcast can wait for each.
    const reading = parseReading('2027-01-04T10:00');
    const start = instantAt(reading, EARLIEST_ZONE).getTime();
    for (const zone of [
      'Pacific/Kiritimati',
      'Pacific/Auckland',
      'Asia/Tokyo',
      'Europe/Paris',
      'America/Los_Angeles',
      'Pacific/Pago_Pago',
    ]) {
      expect(instantAt(reading, zone).getTime()).toBeGreaterThanOrEqual(start);
    }
    expect(new Date(start).toISOString()).toBe('2027-01-03T20:00:00.000Z');
  });
});
