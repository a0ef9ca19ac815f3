import { describe, expect, it } from 'vitest';
import type { Weekday } from '../../../language/wait-spec.ts';
import { nextWindowOpening } from '../../../shared/schedule/windows.ts';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

describe('nextWindowOpening, a window within one day', () => {
  const window = { window: '09:00-20:00' };

  it.each([
    // Paris, Wednesday 2026-07-15, CEST (+02:00) all day.
    // 12:00 CEST = 10:00Z is inside 09:00-20:00: wake now.
    ['2026-07-15T10:00:00.000Z', '2026-07-15T10:00:00.000Z'],
    // 09:00 CEST = 07:00Z: the opening minute is inside.
    ['2026-07-15T07:00:00.000Z', '2026-07-15T07:00:00.000Z'],
    // 06:00 CEST = 04:00Z: before it opens; it opens today at 09:00 CEST = 07:00Z.
    ['2026-07-15T04:00:00.000Z', '2026-07-15T07:00:00.000Z'],
    // 20:00 CEST = 18:00Z: the closing minute is outside; tomorrow 09:00 CEST = the 16th 07:00Z.
    ['2026-07-15T18:00:00.000Z', '2026-07-16T07:00:00.000Z'],
    // 19:59:59.999 CEST: still inside, to the millisecond.
    ['2026-07-15T17:59:59.999Z', '2026-07-15T17:59:59.999Z'],
  ])('in Paris at %s wakes at %s', (now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const opening = nextWindowOpening(at, window, 'Europe/Paris');

    // Assess
    expect(opening.toISOString()).toBe(expected);
  });

  it.each([
    // Saturday 2026-03-28 21:00 CET (+01:00) = 20:00Z. Sunday 09:00 is after the 02:00→03:00 jump,
    // so CEST (+02:00): 09:00 − 2 h = 07:00Z, not 08:00Z.
    ['Europe/Paris', '2026-03-28T20:00:00.000Z', '2026-03-29T07:00:00.000Z'],
    // Saturday 2026-10-24 21:00 CEST = 19:00Z. Sunday 09:00 is after 03:00→02:00, so CET:
    // 09:00 − 1 h = 08:00Z.
    ['Europe/Paris', '2026-10-24T19:00:00.000Z', '2026-10-25T08:00:00.000Z'],
    // Saturday 2026-03-07 21:00 EST (−05:00) = the 8th 02:00Z. Sunday 09:00 is EDT (−04:00):
    // 09:00 + 4 h = 13:00Z.
    ['America/New_York', '2026-03-08T02:00:00.000Z', '2026-03-08T13:00:00.000Z'],
    // Saturday 2026-10-31 21:00 EDT = 11-01 01:00Z. Sunday 09:00 is EST: 09:00 + 5 h = 14:00Z.
    ['America/New_York', '2026-11-01T01:00:00.000Z', '2026-11-01T14:00:00.000Z'],
    // Kolkata, 2026-06-01 20:30 IST (+05:30) = 15:00Z. Tomorrow 09:00 IST − 5 h 30 = 03:30Z.
    ['Asia/Kolkata', '2026-06-01T15:00:00.000Z', '2026-06-02T03:30:00.000Z'],
    // Auckland, Saturday 2026-09-26 21:00 NZST (+12:00) = 09:00Z. Sunday 09:00 is after the
    // 02:00→03:00 jump, so NZDT (+13:00): 09:00 − 13 h = Saturday 20:00Z.
    ['Pacific/Auckland', '2026-09-26T09:00:00.000Z', '2026-09-26T20:00:00.000Z'],
  ])('across a DST change in %s, from %s wakes at %s', (zone, now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const opening = nextWindowOpening(at, window, zone);

    // Assess
    expect(opening.toISOString()).toBe(expected);
  });
});

describe('nextWindowOpening, windows wrapping past midnight', () => {
  const night = { window: '22:00-06:00' };

  it.each([
    // Paris, 2026-07-15/16, CEST (+02:00).
    // 23:00 CEST = 21:00Z: inside since 22:00.
    ['2026-07-15T21:00:00.000Z', '2026-07-15T21:00:00.000Z'],
    // 03:00 CEST on the 16th = 01:00Z: inside the window that opened on the 15th.
    ['2026-07-16T01:00:00.000Z', '2026-07-16T01:00:00.000Z'],
    // 06:00 CEST = 04:00Z: closed; it opens again at 22:00 CEST on the 16th = 20:00Z.
    ['2026-07-16T04:00:00.000Z', '2026-07-16T20:00:00.000Z'],
    // 12:00 CEST = 10:00Z: opens tonight at 22:00 CEST = 20:00Z.
    ['2026-07-16T10:00:00.000Z', '2026-07-16T20:00:00.000Z'],
  ])('in Paris at %s wakes at %s', (now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const opening = nextWindowOpening(at, night, 'Europe/Paris');

    // Assess
    expect(opening.toISOString()).toBe(expected);
  });

  it('stays open across the spring-forward night', () => {
    // Prepare: opened Saturday 2026-03-28 22:00 CET = 21:00Z, closes Sunday 06:00 CEST = 04:00Z.
    // Sunday 03:30 CEST = 01:30Z is inside.
    const now = new Date('2026-03-29T01:30:00.000Z');

    // Act
    const opening = nextWindowOpening(now, night, 'Europe/Paris');

    // Assess
    expect(opening.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it.each([
    // Saturday 2026-03-28 03:00 CET = 02:00Z: inside the window that opened on Friday at 22:00.
    ['2026-03-28T02:00:00.000Z', '2026-03-28T02:00:00.000Z'],
    // Friday 2026-03-27 03:00 CET = 02:00Z: that window opened on Thursday, which is not allowed;
    // Friday's opens at 22:00 CET = 21:00Z.
    ['2026-03-27T02:00:00.000Z', '2026-03-27T21:00:00.000Z'],
    // Saturday 23:00 CET = 22:00Z: Saturday's window is not allowed; next Friday 2026-04-03
    // 22:00 is CEST by then: 22:00 − 2 h = 20:00Z.
    ['2026-03-28T22:00:00.000Z', '2026-04-03T20:00:00.000Z'],
  ])('belongs to the day it opened: Friday nights only, in Paris at %s wakes at %s', (now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const opening = nextWindowOpening(at, { ...night, days: ['fri'] }, 'Europe/Paris');

    // Assess
    expect(opening.toISOString()).toBe(expected);
  });
});

describe('nextWindowOpening with days', () => {
  it.each([
    // Friday 2026-03-27 21:00 CET (+01:00) = 20:00Z. Saturday and Sunday are skipped; Monday
    // 2026-03-30 09:00 is CEST (+02:00) since Sunday: 09:00 − 2 h = 07:00Z.
    ['Europe/Paris', '2026-03-27T20:00:00.000Z', '2026-03-30T07:00:00.000Z'],
    // Friday 2026-03-06 18:00 EST (−05:00) = 23:00Z. Monday 2026-03-09 09:00 is EDT (−04:00)
    // since Sunday: 09:00 + 4 h = 13:00Z.
    ['America/New_York', '2026-03-06T23:00:00.000Z', '2026-03-09T13:00:00.000Z'],
    // Friday 2026-01-16 18:00 IST (+05:30) = 12:30Z. Monday 2026-01-19 09:00 IST = 03:30Z.
    ['Asia/Kolkata', '2026-01-16T12:30:00.000Z', '2026-01-19T03:30:00.000Z'],
    // Friday 2026-09-25 18:00 NZST (+12:00) = 06:00Z. Monday 2026-09-28 09:00 is NZDT (+13:00)
    // since Sunday: 09:00 − 13 h = Sunday the 27th 20:00Z. The local day decides, not the UTC one.
    ['Pacific/Auckland', '2026-09-25T06:00:00.000Z', '2026-09-27T20:00:00.000Z'],
  ])('weekdays only, from a Friday evening in %s (%s), wakes Monday morning at %s', (zone, now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const opening = nextWindowOpening(at, { window: '09:00-11:00', days: WEEKDAYS }, zone);

    // Assess
    expect(opening.toISOString()).toBe(expected);
  });

  it('is open now on an allowed day', () => {
    // Prepare: Monday 2026-03-30 10:00 CEST (+02:00) = 08:00Z, inside 09:00-11:00.
    const now = new Date('2026-03-30T08:00:00.000Z');

    // Act
    const opening = nextWindowOpening(now, { window: '09:00-11:00', days: WEEKDAYS }, 'Europe/Paris');

    // Assess
    expect(opening.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('weekends only, from a Monday, waits for Saturday', () => {
    // Prepare: Monday 2026-07-13 10:00 EDT (−04:00) = 14:00Z.
    // Saturday 2026-07-18 10:00 EDT = 14:00Z.
    const now = new Date('2026-07-13T14:00:00.000Z');

    // Act
    const opening = nextWindowOpening(
      now,
      { window: '10:00-18:00', days: ['sat', 'sun'] },
      'America/New_York',
    );

    // Assess
    expect(opening.toISOString()).toBe('2026-07-18T14:00:00.000Z');
  });
});

describe('nextWindowOpening around DST gaps and repeats', () => {
  it('opens at the end of the gap when its opening time is skipped', () => {
    // Prepare: Saturday 2026-03-28 12:00 CET = 11:00Z. Sunday 02:30 does not exist in Paris;
    // the first instant after it is 03:00 CEST = 01:00Z, and the window runs to 04:00 CEST = 02:00Z.
    const now = new Date('2026-03-28T11:00:00.000Z');

    // Act
    const opening = nextWindowOpening(now, { window: '02:30-04:00' }, 'Europe/Paris');

    // Assess
    expect(opening.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('skips a day whose window lies wholly in the gap', () => {
    // Prepare: Saturday 2026-03-28 12:00 CET = 11:00Z. On Sunday 02:00-02:30 never happens (both
    // ends resolve to 03:00 CEST), so Monday 02:00 CEST (+02:00) = Sunday 00:00Z.
    const now = new Date('2026-03-28T11:00:00.000Z');

    // Act
    const opening = nextWindowOpening(now, { window: '02:00-02:30' }, 'Europe/Paris');

    // Assess
    expect(opening.toISOString()).toBe('2026-03-30T00:00:00.000Z');
  });

  it.each([
    // New York, 2026-11-01: 01:00-01:30 first happens in EDT (−04:00), 05:00Z-05:30Z.
    // 01:10 EDT = 05:10Z is inside.
    ['2026-11-01T05:10:00.000Z', '2026-11-01T05:10:00.000Z'],
    // 01:10 EST (−05:00) = 06:10Z reads the same, but today's window has closed; tomorrow
    // 01:00 EST + 5 h = 06:00Z.
    ['2026-11-01T06:10:00.000Z', '2026-11-02T06:00:00.000Z'],
  ])('opens once on the fall-back night, on the first pass: at %s wakes at %s', (now, expected) => {
    // Prepare
    const at = new Date(now);

    // Act
    const opening = nextWindowOpening(at, { window: '01:00-01:30' }, 'America/New_York');

    // Assess
    expect(opening.toISOString()).toBe(expected);
  });
});

describe('nextWindowOpening refuses bad input', () => {
  it.each(['9:00-20:00', '09:00-09:00', '09:00-24:00', 'morning'])('refuses the window %j', (window) => {
    // Prepare
    const open = () => nextWindowOpening(new Date('2026-07-15T10:00:00Z'), { window }, 'Europe/Paris');

    // Act and Assess
    expect(open).toThrow();
  });

  it('refuses an empty list of days, which would never open', () => {
    // Prepare
    const open = () =>
      nextWindowOpening(
        new Date('2026-07-15T10:00:00Z'),
        { window: '09:00-20:00', days: [] },
        'Europe/Paris',
      );

    // Act and Assess
    expect(open).toThrow();
  });

  it('refuses an unknown time zone', () => {
    // Prepare
    const open = () =>
      nextWindowOpening(new Date('2026-07-15T10:00:00Z'), { window: '09:00-20:00' }, 'Mars/Base');

    // Act and Assess
    expect(open).toThrow(RangeError);
  });
});
