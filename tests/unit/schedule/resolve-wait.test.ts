import { describe, expect, it } from 'vitest';
import type { WaitSpec, WindowSpec } from '../../../language/wait-spec.ts';
import { resolveWake, type Wake, type WakeContext } from '../../../shared/schedule/resolve-wait.ts';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

function context(now: string, overrides: Partial<WakeContext> = {}): WakeContext {
  return { now: new Date(now), timeZone: 'Europe/Paris', profile: {}, event: {}, ...overrides };
}

/** A wait followed by a window: the one place this file spells the `then` key. */
function andThen(base: WaitSpec, window: WindowSpec): WaitSpec {
  // biome-ignore lint/suspicious/noThenProperty: `then` is a key of the wait language; specs are never awaited.
  return { ...base, then: window };
}

/** The wake-up as an ISO string, or the error, so a failure shows which one came back. */
function iso(wake: Wake): string {
  if ('at' in wake) return wake.at.toISOString();
  return 'error' in wake ? `error: ${wake.error}` : `passed: ${wake.passed}`;
}

describe('resolveWake with "for"', () => {
  it('adds the duration to now', () => {
    // Prepare: 10:00Z + 1 h = 11:00Z.
    const spec: WaitSpec = { for: '1h' };

    // Act
    const wake = resolveWake(spec, context('2026-07-15T10:00:00Z'));

    // Assess
    expect(iso(wake)).toBe('2026-07-15T11:00:00.000Z');
  });

  it('counts elapsed seconds, so one day across spring-forward is 11:00 the next morning', () => {
    // Prepare: Saturday 2026-03-28 10:00 CET (+01:00) = 09:00Z; + 86 400 s = Sunday 09:00Z,
    // which reads 11:00 CEST (+02:00): like a Step Functions Wait, not a calendar day.
    const spec: WaitSpec = { for: '1d' };

    // Act
    const wake = resolveWake(spec, context('2026-03-28T09:00:00Z'));

    // Assess
    expect(iso(wake)).toBe('2026-03-29T09:00:00.000Z');
  });

  it.each([
    // Tuesday 2026-07-14 21:00 CEST (+02:00) = 19:00Z; + 1 d = 15th 19:00Z = 21:00 CEST, after
    // 20:00; the window opens on the 16th at 09:00 CEST = 07:00Z.
    ['2026-07-14T19:00:00Z', '2026-07-16T07:00:00.000Z'],
    // 2026-07-14 12:00 CEST = 10:00Z; + 1 d = 15th 10:00Z = 12:00 CEST, inside: wake then.
    ['2026-07-14T10:00:00Z', '2026-07-15T10:00:00.000Z'],
  ])('then waits for the window: from %s wakes at %s', (now, expected) => {
    // Prepare
    const spec: WaitSpec = andThen({ for: '1d' }, { window: '09:00-20:00' });

    // Act
    const wake = resolveWake(spec, context(now));

    // Assess
    expect(iso(wake)).toBe(expected);
  });

  it('then waits for a weekday window (the SaaS onboarding example)', () => {
    // Prepare: Thursday 2026-03-26 15:00 CET (+01:00) = 14:00Z; + 2 d = Saturday 14:00Z. The
    // weekend is skipped; Monday 2026-03-30 09:00 is CEST (+02:00): 09:00 − 2 h = 07:00Z.
    const spec: WaitSpec = andThen({ for: '2d' }, { window: '09:00-11:00', days: [...WEEKDAYS] });

    // Act
    const wake = resolveWake(spec, context('2026-03-26T14:00:00Z'));

    // Assess
    expect(iso(wake)).toBe('2026-03-30T07:00:00.000Z');
  });
});

describe('resolveWake with "until"', () => {
  const now = '2026-07-15T10:00:00Z';
  const renewal = { renewalDate: '2026-09-01T09:00:00Z' };

  it.each<[string, WaitSpec, string]>([
    // 2026-09-01 09:00Z exactly.
    ['no offset', { until: 'profile.renewalDate' }, '2026-09-01T09:00:00.000Z'],
    // 09-01 09:00Z − 7 × 86 400 s = 08-25 09:00Z.
    ['before: 7d', { until: 'profile.renewalDate', before: '7d' }, '2026-08-25T09:00:00.000Z'],
    // 09-01 09:00Z + 1 d 12 h = 09-02 21:00Z.
    ['after: 1d12h', { until: 'profile.renewalDate', after: '1d12h' }, '2026-09-02T21:00:00.000Z'],
  ])('reads the profile timestamp, %s', (_label, spec, expected) => {
    // Prepare
    const wakeContext = context(now, { profile: renewal });

    // Act
    const wake = resolveWake(spec, wakeContext);

    // Assess
    expect(iso(wake)).toBe(expected);
  });

  it.each([
    // An explicit offset is exact: 09:00 +05:30 = 03:30Z.
    ['2026-09-01T09:00:00+05:30', 'Asia/Kolkata', '2026-09-01T03:30:00.000Z'],
    // A date alone is local midnight: 2026-11-01 00:00 is still EDT (−04:00; the change is at
    // 02:00), so + 4 h = 04:00Z.
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z'],
    // 2026-09-27 00:00 in Auckland is NZST (+12:00; the change is at 02:00): − 12 h = 26th 12:00Z.
    ['2026-09-27', 'Pacific/Auckland', '2026-09-26T12:00:00.000Z'],
    // A local date-time is read in the profile's zone: 2026-10-01 09:00 IST − 5 h 30 = 03:30Z.
    ['2026-10-01T09:00', 'Asia/Kolkata', '2026-10-01T03:30:00.000Z'],
    // 02:30 does not exist in Paris on 2027-03-28 (the last Sunday of March; 2026's is already
    // past): it resolves to the end of the gap, 03:00 CEST (+02:00) − 2 h = 01:00Z.
    ['2027-03-28T02:30:00', 'Europe/Paris', '2027-03-28T01:00:00.000Z'],
    // 01:30 happens twice in New York on 2026-11-01: the first, EDT (−04:00), + 4 h = 05:30Z.
    ['2026-11-01T01:30:00', 'America/New_York', '2026-11-01T05:30:00.000Z'],
  ])('reads %s in %s as %s', (value, timeZone, expected) => {
    // Prepare
    const wakeContext = context(now, { timeZone, profile: { renewalDate: value } });

    // Act
    const wake = resolveWake({ until: 'profile.renewalDate' }, wakeContext);

    // Assess
    expect(iso(wake)).toBe(expected);
  });

  it('reads a nested event field, takes the offset, then waits for the window', () => {
    // Prepare: 2026-09-01 00:00 +02:00 = 08-31 22:00Z; − 7 d = 08-24 22:00Z, which is 08-25
    // 00:00 CEST; the window opens that day at 09:00 CEST = 07:00Z.
    const spec: WaitSpec = andThen(
      { until: 'event.detail.renewsAt', before: '7d' },
      { window: '09:00-20:00' },
    );
    const event = {
      'detail-type': 'subscription.created',
      detail: { renewsAt: '2026-09-01T00:00:00+02:00' },
    };

    // Act
    const wake = resolveWake(spec, context(now, { event }));

    // Assess
    expect(iso(wake)).toBe('2026-08-25T07:00:00.000Z');
  });

  it.each<[string, WaitSpec, string]>([
    // 07-15 09:30Z is half an hour before now: late, within the hour of grace.
    ['half an hour past', { until: 'profile.renewalDate' }, '2026-07-15T09:30:00Z'],
    // 2026-01-01 is months before now, but the step says to go on.
    [
      'months past, with if-passed: continue',
      { until: 'profile.renewalDate', 'if-passed': 'continue' },
      '2026-01-01T00:00:00Z',
    ],
    // 07-16 10:00Z − 2 d = 07-14 10:00Z, a day before now.
    [
      'pushed a day into the past by "before", with if-passed: continue',
      { until: 'profile.renewalDate', before: '2d', 'if-passed': 'continue' },
      '2026-07-16T10:00:00Z',
    ],
  ])('wakes now when the timestamp is %s', (_label, spec, renewalDate) => {
    // Prepare: now is 2026-07-15 10:00Z.
    const wakeContext = context(now, { profile: { renewalDate } });

    // Act
    const wake = resolveWake(spec, wakeContext);

    // Assess
    expect(iso(wake)).toBe('2026-07-15T10:00:00.000Z');
  });

  it.each<[string, WaitSpec, Record<string, unknown>, string]>([
    // 1990-04-12 + 9 h is 36 years before now: a birth date is not this year's birthday.
    [
      'a birth date, 9 hours after it',
      { until: 'profile.birthDate', after: '9h' },
      { birthDate: '1990-04-12' },
      '"profile.birthDate" plus 9h',
    ],
    // 07-15 08:59Z is 1 h 1 min before now: just past the hour of grace.
    [
      'just past the grace',
      { until: 'profile.renewalDate' },
      { renewalDate: '2026-07-15T08:59:00Z' },
      '"profile.renewalDate" was',
    ],
    // 07-16 10:00Z − 2 d = 07-14 10:00Z, a day before now; exit is the default, said here or not.
    [
      'pushed a day into the past by "before", with if-passed: exit',
      { until: 'profile.renewalDate', before: '2d', 'if-passed': 'exit' },
      { renewalDate: '2026-07-16T10:00:00Z' },
      '"profile.renewalDate" less 2d',
    ],
  ])('ends the journey when the wake-up is more than the grace past: %s', (_label, spec, profile, says) => {
    // Prepare: now is 2026-07-15 10:00Z.
    const wakeContext = context(now, { profile });

    // Act
    const wake = resolveWake(spec, wakeContext);

    // Assess
    expect(wake).toEqual({ passed: expect.stringContaining(says) });
    expect(iso(wake)).not.toContain('1990');
  });

  it('still honours the window when the timestamp is past and the step goes on', () => {
    // Prepare: now is 2026-07-15 21:30 CEST (+02:00) = 19:30Z, after 20:00; the past timestamp
    // means now, and the window next opens on the 16th at 09:00 CEST = 07:00Z.
    const spec: WaitSpec = andThen(
      { until: 'profile.renewalDate', 'if-passed': 'continue' },
      { window: '09:00-20:00' },
    );

    // Act
    const wake = resolveWake(
      spec,
      context('2026-07-15T19:30:00Z', { profile: { renewalDate: '2026-01-01' } }),
    );

    // Assess
    expect(iso(wake)).toBe('2026-07-16T07:00:00.000Z');
  });
});

describe('resolveWake reports unusable timestamps, naming the field', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string, string]>([
    ['absent', {}, {}, 'profile.renewalDate', '"profile.renewalDate" is missing'],
    ['null', { renewalDate: null }, {}, 'profile.renewalDate', '"profile.renewalDate" is missing'],
    [
      'under a non-object',
      {},
      { detail: 'x' },
      'event.detail.renewsAt',
      '"event.detail.renewsAt" is missing',
    ],
    ['inherited, not own', {}, {}, 'profile.constructor', '"profile.constructor" is missing'],
    [
      'a number',
      { renewalDate: 1_788_000_000_000 },
      {},
      'profile.renewalDate',
      '"profile.renewalDate" is not',
    ],
    ['free text', { renewalDate: 'next tuesday' }, {}, 'profile.renewalDate', '"profile.renewalDate" is not'],
    [
      'an impossible date',
      { renewalDate: '2026-02-30' },
      {},
      'profile.renewalDate',
      '"profile.renewalDate" is not',
    ],
    ['a list', { renewalDate: ['2026-09-01'] }, {}, 'profile.renewalDate', '"profile.renewalDate" is not'],
  ])('when it is %s', (_label, profile, event, until, message) => {
    // Prepare
    const spec: WaitSpec = { until, before: '1d' };

    // Act
    const wake = resolveWake(spec, context('2026-07-15T10:00:00Z', { profile, event }));

    // Assess
    expect(wake).toEqual({ error: expect.stringContaining(message) });
  });

  it('keeps the value out of the message, since the field may hold personal data', () => {
    // Prepare
    const profile = { renewalDate: 'jane@example.com' };

    // Act
    const wake = resolveWake({ until: 'profile.renewalDate' }, context('2026-07-15T10:00:00Z', { profile }));

    // Assess
    expect('error' in wake && wake.error).not.toContain('jane');
  });
});

describe('resolveWake with "window"', () => {
  it.each<[string, WaitSpec, string, string, string]>([
    // Friday 2026-07-17 12:00 CEST (+02:00) = 10:00Z; Mondays only: 2026-07-20 09:00 CEST = 07:00Z.
    [
      'Mondays only',
      { window: '09:00-11:00', days: ['mon'] },
      'Europe/Paris',
      '2026-07-17T10:00:00Z',
      '2026-07-20T07:00:00.000Z',
    ],
    // 2026-07-15 20:30 IST (+05:30) = 15:00Z; tomorrow 09:00 IST − 5 h 30 = 03:30Z.
    [
      'every day',
      { window: '09:00-20:00' },
      'Asia/Kolkata',
      '2026-07-15T15:00:00Z',
      '2026-07-16T03:30:00.000Z',
    ],
    // 2026-07-15 10:00 NZST (+12:00) = the 14th 22:00Z: inside, wake now.
    [
      'inside',
      { window: '09:00-20:00' },
      'Pacific/Auckland',
      '2026-07-14T22:00:00Z',
      '2026-07-14T22:00:00.000Z',
    ],
  ])('%s', (_label, spec, timeZone, now, expected) => {
    // Prepare
    const wakeContext = context(now, { timeZone });

    // Act
    const wake = resolveWake(spec, wakeContext);

    // Assess
    expect(iso(wake)).toBe(expected);
  });
});

describe('resolveWake never schedules more than a year ahead', () => {
  // 2026-07-15 10:00Z + 365 d = 2027-07-15 10:00Z (February 2027 has 28 days).
  const now = '2026-07-15T10:00:00Z';
  const aYearLater = '2027-07-15T10:00:00.000Z';

  it.each<[string, WaitSpec, Record<string, unknown>]>([
    ['for: 400d', { for: '400d' }, {}],
    ['a very long for', { for: '999999999w' }, {}],
    ['until a date in 2030', { until: 'profile.renewalDate' }, { renewalDate: '2030-01-01T00:00:00Z' }],
  ])('clamps %s and says so', (_label, spec, profile) => {
    // Prepare
    const wakeContext = context(now, { profile });

    // Act
    const wake = resolveWake(spec, wakeContext);

    // Assess
    expect(iso(wake)).toBe(aYearLater);
    expect(wake).toHaveProperty('note', expect.stringContaining('365 days'));
  });

  it('keeps a wait just inside the year untouched', () => {
    // Prepare: 10:00Z + 52 × 7 d = + 364 d = 2027-07-14 10:00Z.
    const spec: WaitSpec = { for: '52w' };

    // Act
    const wake = resolveWake(spec, context(now));

    // Assess
    expect(wake).toEqual({ at: new Date('2027-07-14T10:00:00.000Z') });
  });

  it('clamps when the window would open after the year', () => {
    // Prepare: now is 2026-07-15 21:30 CEST (+02:00) = 19:30Z; + 365 d = 2027-07-15 19:30Z, which
    // reads 21:30 CEST, after 20:00; the window would open on the 16th at 07:00Z, past the limit,
    // so the wake-up is the limit itself, 2027-07-15 19:30Z.
    const spec: WaitSpec = andThen({ for: '52w1d' }, { window: '09:00-20:00' });

    // Act
    const wake = resolveWake(spec, context('2026-07-15T19:30:00Z'));

    // Assess
    expect(iso(wake)).toBe('2027-07-15T19:30:00.000Z');
    expect(wake).toHaveProperty('note');
  });
});

describe('resolveWake refuses what it cannot schedule', () => {
  it('an unknown time zone', () => {
    // Prepare
    const wakeContext = context('2026-07-15T10:00:00Z', { timeZone: 'Mars/Base' });

    // Act
    const wake = resolveWake({ for: '1h' }, wakeContext);

    // Assess
    expect(wake).toEqual({ error: 'invalid time zone "Mars/Base"' });
  });

  it('a spec with two bases', () => {
    // Prepare: the type allows it, the schema does not.
    const spec: WaitSpec = { for: '1h', window: '09:00-20:00' };

    // Act
    const wake = resolveWake(spec, context('2026-07-15T10:00:00Z'));

    // Assess
    expect(wake).toEqual({ error: expect.stringContaining('exactly one of "for", "until" or "window"') });
  });
});
