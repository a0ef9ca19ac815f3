import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { signUnsubscribeToken, verifyUnsubscribeToken } from '../../../shared/unsubscribe/tokens.ts';

const SECRET = 'unsubscribe-secret-0123456789abcdef-current';
const OLD_SECRET = 'unsubscribe-secret-0123456789abcdef-previous';
const OTHER_SECRET = 'unsubscribe-secret-0123456789abcdef-someone-else';
const DAY = 86_400_000;
const claims = {
  profileId: 'customer-42',
  channel: 'email',
  topic: 'weekly-deals',
  scenario: 'win-back',
} as const;

/** Swaps one character of `text` at `index` for another of the base64url alphabet. */
function flipCharacter(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

describe('unsubscribe tokens', () => {
  it('round-trips the claims and reports when the token expires', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');

    const token = signUnsubscribeToken(claims, SECRET, clock);
    const result = verifyUnsubscribeToken(token, SECRET, clock);

    expect(result).toEqual({ ok: true, claims, expiresAt: new Date('2026-04-30T10:00:00Z') });
  });

  it('keeps optional claims out of the token when they are not given', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');

    const token = signUnsubscribeToken({ profileId: 'customer-7', channel: 'sms' }, SECRET, clock);
    const result = verifyUnsubscribeToken(token, SECRET, clock);

    expect(result.ok && result.claims).toEqual({ profileId: 'customer-7', channel: 'sms' });
  });

  it('is URL-safe: base64url payload, a dot, base64url signature', () => {
    const token = signUnsubscribeToken(claims, SECRET, new ManualClock('2026-03-01T10:00:00Z'));

    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('calls a token with a tampered payload forged', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const token = signUnsubscribeToken(claims, SECRET, clock);
    const [payload = '', signature = ''] = token.split('.');
    const otherCustomer = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
        profileId: 'customer-43',
      }),
    ).toString('base64url');

    const results = [
      verifyUnsubscribeToken(`${otherCustomer}.${signature}`, SECRET, clock),
      verifyUnsubscribeToken(`${flipCharacter(payload, 5)}.${signature}`, SECRET, clock),
      verifyUnsubscribeToken(`${payload}.${flipCharacter(signature, 10)}`, SECRET, clock),
    ];

    expect(results).toEqual([
      { ok: false, reason: 'forged' },
      { ok: false, reason: 'forged' },
      { ok: false, reason: 'forged' },
    ]);
  });

  it('calls a token signed with another secret forged', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const token = signUnsubscribeToken(claims, OTHER_SECRET, clock);

    const result = verifyUnsubscribeToken(token, SECRET, clock);

    expect(result).toEqual({ ok: false, reason: 'forged' });
  });

  it('accepts tokens signed with a rotated-out secret and signs with the first secret', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const issuedBeforeRotation = signUnsubscribeToken(claims, OLD_SECRET, clock);
    const issuedAfterRotation = signUnsubscribeToken(claims, [SECRET, OLD_SECRET], clock);

    const oldTokenDuringRotation = verifyUnsubscribeToken(issuedBeforeRotation, [SECRET, OLD_SECRET], clock);
    const newTokenAfterRotation = verifyUnsubscribeToken(issuedAfterRotation, [SECRET], clock);
    const newTokenWithOldSecretOnly = verifyUnsubscribeToken(issuedAfterRotation, [OLD_SECRET], clock);

    expect(oldTokenDuringRotation.ok).toBe(true);
    expect(newTokenAfterRotation.ok).toBe(true);
    expect(newTokenWithOldSecretOnly).toEqual({ ok: false, reason: 'forged' });
  });

  it('expires after the lifetime, 60 days by default', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const token = signUnsubscribeToken(claims, SECRET, clock);
    const shortLived = signUnsubscribeToken(claims, SECRET, clock, 1);

    clock.advance(60 * DAY - 1000);
    const lastSecond = verifyUnsubscribeToken(token, SECRET, clock);
    const shortLivedByThen = verifyUnsubscribeToken(shortLived, SECRET, clock);
    clock.advance(1000);
    const atExpiry = verifyUnsubscribeToken(token, SECRET, clock);

    expect(lastSecond.ok).toBe(true);
    expect(shortLivedByThen).toEqual({ ok: false, reason: 'expired' });
    expect(atExpiry).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    ['an empty string', ''],
    ['no dot', 'abcdef'],
    ['three parts', 'abc.def.ghi'],
    ['a short signature', 'eyJ2IjoxfQ.abc'],
    ['characters outside base64url', 'eyJ2Ijox+Q.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['padding', 'eyJ2IjoxfQ==.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a huge string', `${'A'.repeat(5000)}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`],
    ['not a string', 42],
    ['undefined', undefined],
  ])('calls %s malformed', (_label, token) => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');

    const result = verifyUnsubscribeToken(token, SECRET, clock);

    expect(result).toEqual({ ok: false, reason: 'malformed' });
  });

  it('calls a correctly signed token with unexpected content malformed', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    // Only the secret's holder can sign arbitrary content: this checks the content check on its own.
    const tokens = [
      'not json',
      JSON.stringify({ v: 1, profileId: 'x', channel: 'fax', exp: 4_000_000_000 }),
      JSON.stringify({ v: 2, profileId: 'x', channel: 'email', exp: 4_000_000_000 }),
      JSON.stringify({
        v: 1,
        profileId: 'x',
        channel: 'email',
        exp: 4_000_000_000,
        email: 'jane@example.com',
      }),
    ].map(signRawPayload);

    const results = tokens.map((token) => verifyUnsubscribeToken(token, SECRET, clock));

    expect(results).toEqual(Array(4).fill({ ok: false, reason: 'malformed' }));
  });

  it('refuses to sign without a strong secret, a valid lifetime or valid claims', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');

    expect(() => signUnsubscribeToken(claims, 'short', clock)).toThrow(/at least 32 characters/);
    expect(() => signUnsubscribeToken(claims, [], clock)).toThrow(/at least one secret/);
    expect(() => signUnsubscribeToken(claims, SECRET, clock, 0)).toThrow(RangeError);
    expect(() => signUnsubscribeToken({ ...claims, profileId: '' }, SECRET, clock)).toThrow();
    const withAddress = { ...claims, email: 'jane@example.com' };
    expect(() => signUnsubscribeToken(withAddress, SECRET, clock)).toThrow(/email/);
  });
});

/** Signs JSON text the way the module does, to build tokens that are authentic but odd. */
function signRawPayload(json: string): string {
  const payload = Buffer.from(json).toString('base64url');
  const mac = createHmac('sha256', SECRET)
    .update('parcours.unsubscribe.v1.')
    .update(payload)
    .digest('base64url');
  return `${payload}.${mac}`;
}
