import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from '../../../shared/schedule/quiet-hours.ts';

const NIGHT = { from: '21:00', to: '08:00' };

describe('quietHoursEnd, 21:00 to 08:00', () => {
  it.each([
    // Paris, 2026-07-15/16, CEST (+02:00) throughout.
    // 20:59 CEST = 18:59Z: not yet quiet.
    ['20:59', '2026-07-15T18:59:00.000Z', undefined],
    // 21:00 CEST = 19:00Z: quiet from the first minute, until the 16th 08:00 CEST = 06:00Z.
    ['21:00', '2026-07-15T19:00:00.000Z', '2026-07-16T06:00:00.000Z'],
    // 03:00 CEST on the 16th = 01:00Z: still quiet, until 08:00 CEST that morning = 06:00Z.
    ['03:00', '2026-07-16T01:00:00.000Z', '2026-07-16T06:00:00.000Z'],
    // 07:59 CEST = 05:59Z: one minute to go, until 06:00Z.
    ['07:59', '2026-07-16T05:59:00.000Z', '2026-07-16T06:00:00.000Z'],
    // 08:00 CEST = 06:00Z: over.
    ['08:00', '2026-07-16T06:00:00.000Z', undefined],
    // 12:00 CEST = 10:00Z: daytime.
    ['12:00', '2026-07-16T10:00:00.000Z', undefined],
  ])('in Paris at %s local (%s) ends at %s', (_local, now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const end = quietHoursEnd(at, NIGHT, 'Europe/Paris');

    // Assess
    expect(end?.toISOString()).toBe(expected);
  });

  it.each([
    // New York, 2026-01-15/16, EST (−05:00).
    // 20:59 EST + 5 h = 01:59Z on the 16th: not yet quiet.
    ['20:59', '2026-01-16T01:59:00.000Z', undefined],
    // 21:00 EST + 5 h = 02:00Z on the 16th; ends 08:00 EST on the 16th + 5 h = 13:00Z.
    ['21:00', '2026-01-16T02:00:00.000Z', '2026-01-16T13:00:00.000Z'],
    // 03:00 EST + 5 h = 08:00Z; ends 13:00Z as above.
    ['03:00', '2026-01-16T08:00:00.000Z', '2026-01-16T13:00:00.000Z'],
    // 07:59 EST + 5 h = 12:59Z; ends 13:00Z.
    ['07:59', '2026-01-16T12:59:00.000Z', '2026-01-16T13:00:00.000Z'],
    // 08:00 EST + 5 h = 13:00Z: over.
    ['08:00', '2026-01-16T13:00:00.000Z', undefined],
  ])('in New York at %s local (%s) ends at %s', (_local, now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const end = quietHoursEnd(at, NIGHT, 'America/New_York');

    // Assess
    expect(end?.toISOString()).toBe(expected);
  });

  it.each([
    // Kolkata, 2026-01-10/11, IST (+05:30) all year.
    // 20:59 IST − 5 h 30 = 15:29Z: not yet quiet.
    ['20:59', '2026-01-10T15:29:00.000Z', undefined],
    // 21:00 IST − 5 h 30 = 15:30Z; ends the 11th 08:00 IST − 5 h 30 = 02:30Z.
    ['21:00', '2026-01-10T15:30:00.000Z', '2026-01-11T02:30:00.000Z'],
    // 03:00 IST on the 11th − 5 h 30 = the 10th 21:30Z; ends 02:30Z.
    ['03:00', '2026-01-10T21:30:00.000Z', '2026-01-11T02:30:00.000Z'],
    // 07:59 IST − 5 h 30 = 02:29Z; ends 02:30Z.
    ['07:59', '2026-01-11T02:29:00.000Z', '2026-01-11T02:30:00.000Z'],
    // 08:00 IST − 5 h 30 = 02:30Z: over.
    ['08:00', '2026-01-11T02:30:00.000Z', undefined],
  ])('in Kolkata at %s local (%s) ends at %s', (_local, now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const end = quietHoursEnd(at, NIGHT, 'Asia/Kolkata');

    // Assess
    expect(end?.toISOString()).toBe(expected);
  });

  it.each([
    // Auckland, 2026-07-15/16, NZST (+12:00) in the southern winter.
    // 20:59 NZST − 12 h = 08:59Z: not yet quiet.
    ['20:59', '2026-07-15T08:59:00.000Z', undefined],
    // 21:00 NZST − 12 h = 09:00Z; ends the 16th 08:00 NZST − 12 h = the 15th 20:00Z.
    ['21:00', '2026-07-15T09:00:00.000Z', '2026-07-15T20:00:00.000Z'],
    // 03:00 NZST on the 16th − 12 h = the 15th 15:00Z; ends 20:00Z.
    ['03:00', '2026-07-15T15:00:00.000Z', '2026-07-15T20:00:00.000Z'],
    // 07:59 NZST on the 16th − 12 h = the 15th 19:59Z; ends 20:00Z.
    ['07:59', '2026-07-15T19:59:00.000Z', '2026-07-15T20:00:00.000Z'],
    // 08:00 NZST on the 16th − 12 h = the 15th 20:00Z: over.
    ['08:00', '2026-07-15T20:00:00.000Z', undefined],
  ])('in Auckland at %s local (%s) ends at %s', (_local, now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const end = quietHoursEnd(at, NIGHT, 'Pacific/Auckland');

    // Assess
    expect(end?.toISOString()).toBe(expected);
  });
});

describe('quietHoursEnd across DST changes', () => {
  it.each([
    // Paris, Saturday 2026-03-28 23:00 CET (+01:00) = 22:00Z. The night loses an hour: it ends
    // Sunday 08:00 CEST (+02:00) = 06:00Z.
    ['Europe/Paris', '2026-03-28T22:00:00.000Z', '2026-03-29T06:00:00.000Z'],
    // Paris, Saturday 2026-10-24 23:00 CEST = 21:00Z. The night gains an hour: it ends Sunday
    // 08:00 CET = 07:00Z.
    ['Europe/Paris', '2026-10-24T21:00:00.000Z', '2026-10-25T07:00:00.000Z'],
    // New York, Sunday 2026-03-08 03:30 EDT (−04:00, just after the jump) = 07:30Z. Ends 08:00 EDT
    // = 12:00Z.
    ['America/New_York', '2026-03-08T07:30:00.000Z', '2026-03-08T12:00:00.000Z'],
    // New York, Sunday 2026-11-01 01:30 EST (−05:00), the second 01:30 = 06:30Z. Still the night
    // that began Saturday 21:00 EDT; ends 08:00 EST = 13:00Z.
    ['America/New_York', '2026-11-01T06:30:00.000Z', '2026-11-01T13:00:00.000Z'],
    // Auckland, Sunday 2026-04-05 02:30 NZST (+12:00), the second 02:30 = the 4th 14:30Z. Ends
    // 08:00 NZST = the 4th 20:00Z.
    ['Pacific/Auckland', '2026-04-04T14:30:00.000Z', '2026-04-04T20:00:00.000Z'],
    // Auckland, Sunday 2026-09-27 03:30 NZDT (+13:00, just after the jump) = the 26th 14:30Z.
    // Ends 08:00 NZDT = the 26th 19:00Z.
    ['Pacific/Auckland', '2026-09-26T14:30:00.000Z', '2026-09-26T19:00:00.000Z'],
  ])('in %s at %s ends at %s', (zone, now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const end = quietHoursEnd(at, NIGHT, zone);

    // Assess
    expect(end?.toISOString()).toBe(expected);
  });
});

describe('quietHoursEnd, other shapes', () => {
  it.each([
    // Quiet hours within one day, 13:00-15:00, Paris 2026-07-15 CEST (+02:00).
    // 14:00 CEST = 12:00Z: quiet until 15:00 CEST = 13:00Z.
    ['2026-07-15T12:00:00.000Z', '2026-07-15T13:00:00.000Z'],
    // 15:00 CEST = 13:00Z: over.
    ['2026-07-15T13:00:00.000Z', undefined],
    // 12:59 CEST = 10:59Z: not yet.
    ['2026-07-15T10:59:00.000Z', undefined],
  ])('13:00 to 15:00 in Paris at %s ends at %s', (now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const end = quietHoursEnd(at, { from: '13:00', to: '15:00' }, 'Europe/Paris');

    // Assess
    expect(end?.toISOString()).toBe(expected);
  });

  it('treats "from" equal to "to" as no quiet hours, so nothing waits forever', () => {
    // Prepare: 21:00 CEST on 2026-07-15 = 19:00Z.
    const now = new Date('2026-07-15T19:00:00.000Z');

    // Act
    const end = quietHoursEnd(now, { from: '21:00', to: '21:00' }, 'Europe/Paris');

    // Assess
    expect(end).toBeUndefined();
  });

  it.each([
    { from: '25:00', to: '08:00' },
    { from: '21:00', to: '8:00' },
  ])('refuses %j', (quietHours) => {
    // Prepare
    const end = () => quietHoursEnd(new Date('2026-07-15T19:00:00Z'), quietHours, 'Europe/Paris');

    // Act and Assess
    expect(end).toThrow();
  });
});
