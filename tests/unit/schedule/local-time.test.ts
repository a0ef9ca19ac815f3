import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimeZone } from '../../../language/time-zone.ts';
import {
  addDays,
  instantAt,
  type LocalDateTime,
  offsetMs,
  parseTimeOfDay,
  resolveTimeZone,
  wallClockAt,
  weekdayOf,
} from '../../../shared/schedule/local-time.ts';

const HOUR_MS = 3_600_000;

/** "2026-03-29 02:30" → the wall-clock reading it names. */
function reading(text: string): LocalDateTime {
  const [date = '', time = ''] = text.split(' ');
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0 };
}

describe('time zones', () => {
  it.each(['Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'])(
    'knows %s',
    (zone) => {
      // Prepare: nothing. Act
      const known = isTimeZone(zone);

      // Assess
      expect(known).toBe(true);
    },
  );

  it.each(['Mars/Olympus_Mons', '', '+05:30', 'Paris'])('refuses %j', (zone) => {
    // Prepare: nothing. Act
    const known = isTimeZone(zone);

    // Assess
    expect(known).toBe(false);
  });

  it("keeps a profile's own valid zone", () => {
    // Prepare
    const profileZone: unknown = 'Asia/Kolkata';

    // Act
    const zone = resolveTimeZone(profileZone, 'Europe/Paris');

    // Assess
    expect(zone).toBe('Asia/Kolkata');
  });

  it.each([undefined, null, '', 'Mars/Olympus_Mons', 42, { zone: 'Europe/Paris' }])(
    'falls back to the project zone when the profile zone is %j',
    (profileZone) => {
      // Prepare: the profile zone comes from app events and may be anything. Act
      const zone = resolveTimeZone(profileZone, 'Europe/Paris');

      // Assess
      expect(zone).toBe('Europe/Paris');
    },
  );

  it('throws when the fallback itself is not a zone, since config validation should have caught it', () => {
    // Prepare
    const resolve = () => resolveTimeZone(undefined, 'Nowhere/Land');

    // Act and Assess
    expect(resolve).toThrow(RangeError);
  });
});

describe('wallClockAt', () => {
  it.each([
    // Paris springs forward at 01:00Z on 2026-03-29: one second before, CET (+01:00) reads 01:59:59.
    ['2026-03-29T00:59:59Z', 'Europe/Paris', '2026-03-29 01:59:59'],
    // At 01:00Z, CEST (+02:00) reads 03:00:00: 02:xx never shows.
    ['2026-03-29T01:00:00Z', 'Europe/Paris', '2026-03-29 03:00:00'],
    // Paris falls back at 01:00Z on 2026-10-25: 00:30Z + 02:00 (CEST) = 02:30, first pass.
    ['2026-10-25T00:30:00Z', 'Europe/Paris', '2026-10-25 02:30:00'],
    // 01:30Z + 01:00 (CET) = 02:30 again, second pass.
    ['2026-10-25T01:30:00Z', 'Europe/Paris', '2026-10-25 02:30:00'],
    // New York falls back at 06:00Z on 2026-11-01: 05:30Z − 04:00 (EDT) = 01:30, first pass.
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01 01:30:00'],
    // 06:30Z − 05:00 (EST) = 01:30, second pass.
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01 01:30:00'],
    // Kolkata is +05:30 all year: 18:30Z + 05:30 = midnight of the next day.
    ['2026-01-15T18:30:00Z', 'Asia/Kolkata', '2026-01-16 00:00:00'],
    // Auckland in January is on NZDT (+13:00): 11:00Z + 13:00 = midnight of the next day.
    ['2026-01-15T11:00:00Z', 'Pacific/Auckland', '2026-01-16 00:00:00'],
    // UTC midnight is a wall-clock hour of 0, not 24.
    ['2026-01-15T00:00:00Z', 'UTC', '2026-01-15 00:00:00'],
  ])('%s in %s reads %s', (instant, zone, expected) => {
    // Prepare
    const at = new Date(instant);

    // Act
    const { year, month, day, hour, minute, second } = wallClockAt(at, zone);

    // Assess
    const pad = (value: number) => String(value).padStart(2, '0');
    expect(`${year}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}:${pad(second)}`).toBe(expected);
  });
});

describe('offsetMs', () => {
  it.each([
    ['2026-01-15T12:00:00Z', 'Europe/Paris', 1], // CET
    ['2026-07-15T12:00:00Z', 'Europe/Paris', 2], // CEST
    ['2026-01-15T12:00:00Z', 'America/New_York', -5], // EST
    ['2026-07-15T12:00:00Z', 'America/New_York', -4], // EDT
    ['2026-01-15T12:00:00Z', 'Asia/Kolkata', 5.5], // IST, no DST
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 5.5],
    ['2026-01-15T12:00:00Z', 'Pacific/Auckland', 13], // NZDT: summer is January down south
    ['2026-07-15T12:00:00Z', 'Pacific/Auckland', 12], // NZST
  ])('at %s, %s is %d h ahead of UTC', (instant, zone, hours) => {
    // Prepare
    const at = new Date(instant);

    // Act
    const offset = offsetMs(at, zone);

    // Assess
    expect(offset).toBe(hours * HOUR_MS);
  });

  // Offsets are remembered per quarter hour: every second around a transition, including one at
  // an odd second (Amsterdam left its +00:19:32 on 1937-07-01) and half-hour shifts (Lord Howe),
  // must read as Intl reads it.
  it.each([
    ['Europe/Paris', '2026-03-29T00:30:00Z'],
    ['Europe/Paris', '2026-10-25T00:30:00Z'],
    ['America/New_York', '2026-11-01T05:30:00Z'],
    ['Australia/Lord_Howe', '2026-04-04T14:30:00Z'],
    ['Europe/Amsterdam', '1937-06-30T23:30:00Z'],
  ])('in %s, every second of the hour from %s reads as Intl reads it', (zone, from) => {
    // Prepare
    const start = Date.parse(from);
    const intl = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const expected = (time: number) => {
      const parts = Object.fromEntries(
        intl.formatToParts(time).map(({ type, value }) => [type, Number(value)]),
      );
      return pick(parts, ['year', 'month', 'day', 'hour', 'minute', 'second']);
    };

    // Act
    const mismatches = [];
    for (let time = start; time < start + HOUR_MS; time += 1_000) {
      const read = wallClockAt(new Date(time), zone);
      if (JSON.stringify(read) !== JSON.stringify(expected(time)))
        mismatches.push(new Date(time).toISOString());
    }

    // Assess
    expect(mismatches).toEqual([]);
  });
});

function pick(values: Record<string, number>, keys: readonly string[]): Record<string, number | undefined> {
  return Object.fromEntries(keys.map((key) => [key, values[key]]));
}

describe('instantAt', () => {
  it.each([
    // An ordinary reading: 2026-07-15 09:00 CEST (+02:00) − 2 h = 07:00Z.
    ['2026-07-15 09:00', 'Europe/Paris', '2026-07-15T07:00:00.000Z'],
    // 2026-01-15 09:00 EST (−05:00) + 5 h = 14:00Z.
    ['2026-01-15 09:00', 'America/New_York', '2026-01-15T14:00:00.000Z'],
    // 2026-06-01 09:00 IST (+05:30) − 5 h 30 = 03:30Z.
    ['2026-06-01 09:00', 'Asia/Kolkata', '2026-06-01T03:30:00.000Z'],
    // 2026-07-15 09:00 NZST (+12:00) − 12 h = the 14th at 21:00Z.
    ['2026-07-15 09:00', 'Pacific/Auckland', '2026-07-14T21:00:00.000Z'],
  ])('%s in %s is %s', (local, zone, expected) => {
    // Prepare
    const wall = reading(local);

    // Act
    const instant = instantAt(wall, zone);

    // Assess
    expect(instant.toISOString()).toBe(expected);
  });

  it.each([
    // Paris 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z; 02:00-02:59 never happen,
    // so each resolves to the first instant after it: 03:00 CEST − 2 h = 01:00Z.
    ['2026-03-29 02:00', 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29 02:30', 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    ['2026-03-29 02:59', 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    // 03:00 itself exists: 03:00 CEST − 2 h = 01:00Z, the same instant.
    ['2026-03-29 03:00', 'Europe/Paris', '2026-03-29T01:00:00.000Z'],
    // 01:59 still exists in CET: 01:59 − 1 h = 00:59Z.
    ['2026-03-29 01:59', 'Europe/Paris', '2026-03-29T00:59:00.000Z'],
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z (03:00 EDT + 4 h).
    ['2026-03-08 02:30', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    // Auckland 2026-09-27: 02:00 NZST jumps to 03:00 NZDT at 03:00 − 13 h = 26th 14:00Z.
    ['2026-09-27 02:30', 'Pacific/Auckland', '2026-09-26T14:00:00.000Z'],
  ])('%s in %s does not exist and resolves to %s, the end of the gap', (local, zone, expected) => {
    // Prepare
    const wall = reading(local);

    // Act
    const instant = instantAt(wall, zone);

    // Assess
    expect(instant.toISOString()).toBe(expected);
  });

  it.each([
    // Paris 2026-10-25: 02:30 happens at CEST (+02:00) = 00:30Z, then at CET (+01:00) = 01:30Z.
    ['2026-10-25 02:30', 'Europe/Paris', '2026-10-25T00:30:00.000Z'],
    // 02:00 happens at CEST = 00:00Z and at CET = 01:00Z.
    ['2026-10-25 02:00', 'Europe/Paris', '2026-10-25T00:00:00.000Z'],
    // New York 2026-11-01: 01:30 happens at EDT (−04:00) = 05:30Z, then at EST (−05:00) = 06:30Z.
    ['2026-11-01 01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    // Auckland 2026-04-05: 02:30 happens at NZDT (+13:00) = 4th 13:30Z, then NZST (+12:00) = 14:30Z.
    ['2026-04-05 02:30', 'Pacific/Auckland', '2026-04-04T13:30:00.000Z'],
  ])('%s in %s happens twice and resolves to the earlier, %s', (local, zone, expected) => {
    // Prepare
    const wall = reading(local);

    // Act
    const instant = instantAt(wall, zone);

    // Assess
    expect(instant.toISOString()).toBe(expected);
  });

  it.each([
    // Paris 2026-10-25 03:00 exists once, in CET: 03:00 − 1 h = 02:00Z.
    ['2026-10-25 03:00', 'Europe/Paris', '2026-10-25T02:00:00.000Z'],
    // 01:59 exists once, in CEST: 01:59 − 2 h = the 24th at 23:59Z.
    ['2026-10-25 01:59', 'Europe/Paris', '2026-10-24T23:59:00.000Z'],
    // New York 2026-11-01 02:00 exists once, in EST: 02:00 + 5 h = 07:00Z.
    ['2026-11-01 02:00', 'America/New_York', '2026-11-01T07:00:00.000Z'],
  ])('%s in %s, just outside the repeated hour, is %s', (local, zone, expected) => {
    // Prepare
    const wall = reading(local);

    // Act
    const instant = instantAt(wall, zone);

    // Assess
    expect(instant.toISOString()).toBe(expected);
  });

  it('inverts wallClockAt: the earliest instant with the same reading, to the second', () => {
    // Prepare
    const zones = fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland');
    // Whole seconds from 2000 to 2040, which cover every DST rule these zones have had lately.
    const seconds = fc.integer({ min: 946_684_800, max: 2_208_988_800 });

    // Act and Assess
    fc.assert(
      fc.property(zones, seconds, (zone, second) => {
        const instant = new Date(second * 1_000);
        const back = instantAt(wallClockAt(instant, zone), zone);
        expect(wallClockAt(back, zone)).toEqual(wallClockAt(instant, zone));
        // Equal, or earlier by exactly the hour the clocks went back.
        expect([0, HOUR_MS]).toContain(instant.getTime() - back.getTime());
      }),
      { numRuns: 500 },
    );
  });
});

describe('calendar helpers', () => {
  it.each([
    [{ year: 2028, month: 2, day: 28 }, 1, { year: 2028, month: 2, day: 29 }], // a leap year
    [{ year: 2026, month: 2, day: 28 }, 1, { year: 2026, month: 3, day: 1 }],
    [{ year: 2026, month: 12, day: 31 }, 1, { year: 2027, month: 1, day: 1 }],
    [{ year: 2026, month: 3, day: 1 }, -1, { year: 2026, month: 2, day: 28 }],
    [{ year: 2026, month: 3, day: 27 }, 7, { year: 2026, month: 4, day: 3 }],
  ])('addDays(%j, %d) is %j', (date, days, expected) => {
    // Prepare: nothing. Act
    const shifted = addDays(date, days);

    // Assess
    expect(shifted).toEqual(expected);
  });

  it.each([
    [{ year: 2026, month: 1, day: 1 }, 'thu'],
    [{ year: 2026, month: 3, day: 27 }, 'fri'],
    [{ year: 2026, month: 3, day: 29 }, 'sun'], // the EU spring-forward Sunday
    [{ year: 2026, month: 3, day: 30 }, 'mon'],
    [{ year: 2026, month: 11, day: 1 }, 'sun'], // the US fall-back Sunday
  ])('%j is a %s', (date, expected) => {
    // Prepare: nothing. Act
    const weekday = weekdayOf(date);

    // Assess
    expect(weekday).toBe(expected);
  });

  it('parses "HH:MM" and refuses anything else', () => {
    // Prepare: nothing. Act
    const time = parseTimeOfDay('21:05');

    // Assess
    expect(time).toEqual({ hour: 21, minute: 5 });
    expect(() => parseTimeOfDay('24:00')).toThrow();
    expect(() => parseTimeOfDay('9:00')).toThrow();
  });
});
