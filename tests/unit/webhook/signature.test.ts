import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { signWebhook, verifyWebhookSignature } from '../../../shared/webhook/signature.ts';

const SECRET = 'whsec-0123456789abcdef0123456789abcdef';
const NEXT_SECRET = 'whsec-fedcba9876543210fedcba9876543210';
const BODY = '{"profileId":"customer-42","event":"cart.abandoned"}';
const SIGNED_AT = new Date('2026-03-01T10:00:00.750Z');

describe('webhook signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256, hex, prefixed v1=', () => {
    const expected = createHmac('sha256', SECRET).update(`1772359200.${BODY}`).digest('hex');

    const headers = signWebhook(BODY, SECRET, SIGNED_AT);

    expect(headers).toEqual({
      'x-parcours-signature': `v1=${expected}`,
      'x-parcours-timestamp': '1772359200',
    });
  });

  it('verifies its own signature, within the tolerance either way', () => {
    const headers = signWebhook(BODY, SECRET, SIGNED_AT);
    const receiverClocks = [new ManualClock('2026-03-01T10:05:00Z'), new ManualClock('2026-03-01T09:55:00Z')];

    const results = receiverClocks.map((clock) =>
      verifyWebhookSignature({ body: BODY, headers }, { secrets: SECRET, clock }),
    );

    expect(results).toEqual(Array(2).fill({ ok: true, timestamp: new Date('2026-03-01T10:00:00Z') }));
  });

  it('calls an authentic but old request stale, so it cannot be replayed', () => {
    const headers = signWebhook(BODY, SECRET, SIGNED_AT);
    const clock = new ManualClock('2026-03-01T10:05:01Z');

    const defaultTolerance = verifyWebhookSignature({ body: BODY, headers }, { secrets: SECRET, clock });
    const widerTolerance = verifyWebhookSignature(
      { body: BODY, headers },
      { secrets: SECRET, clock, toleranceSeconds: 600 },
    );

    expect(defaultTolerance).toEqual({ ok: false, reason: 'stale' });
    expect(widerTolerance.ok).toBe(true);
  });

  it('calls a changed body, a changed timestamp or another secret forged', () => {
    const headers = signWebhook(BODY, SECRET, SIGNED_AT);
    const clock = new ManualClock(SIGNED_AT);

    const results = [
      verifyWebhookSignature({ body: BODY.replace('42', '43'), headers }, { secrets: SECRET, clock }),
      verifyWebhookSignature(
        { body: BODY, headers: { ...headers, 'x-parcours-timestamp': '1772359201' } },
        { secrets: SECRET, clock },
      ),
      verifyWebhookSignature({ body: BODY, headers }, { secrets: NEXT_SECRET, clock }),
    ];

    expect(results).toEqual(Array(3).fill({ ok: false, reason: 'forged' }));
  });

  it('supports rotation: several secrets on the receiver, several v1 entries from the sender', () => {
    const clock = new ManualClock(SIGNED_AT);
    const old = signWebhook(BODY, SECRET, SIGNED_AT);
    const next = signWebhook(BODY, NEXT_SECRET, SIGNED_AT);
    const both = {
      ...old,
      'x-parcours-signature': `${next['x-parcours-signature']}, ${old['x-parcours-signature']}`,
    };

    const oldWithBothSecrets = verifyWebhookSignature(
      { body: BODY, headers: old },
      { secrets: [NEXT_SECRET, SECRET], clock },
    );
    const bothWithNewSecret = verifyWebhookSignature(
      { body: BODY, headers: both },
      { secrets: NEXT_SECRET, clock },
    );

    expect(oldWithBothSecrets.ok).toBe(true);
    expect(bothWithNewSecret.ok).toBe(true);
  });

  it('reads header names case-insensitively, from plain objects and fetch Headers', () => {
    const signed = signWebhook(BODY, SECRET, SIGNED_AT);
    const clock = new ManualClock(SIGNED_AT);
    const shouting = {
      'X-Parcours-Signature': signed['x-parcours-signature'],
      'X-Parcours-Timestamp': signed['x-parcours-timestamp'],
    };

    const results = [shouting, new Headers(signed)].map((headers) =>
      verifyWebhookSignature({ body: BODY, headers }, { secrets: SECRET, clock }),
    );

    expect(results.map((result) => result.ok)).toEqual([true, true]);
  });

  it.each([
    ['missing headers', {}],
    [
      'a timestamp that is not a number',
      { 'x-parcours-timestamp': 'yesterday', 'x-parcours-signature': `v1=${'a'.repeat(64)}` },
    ],
    ['no v1 entry', { 'x-parcours-timestamp': '1772359200', 'x-parcours-signature': `v0=${'a'.repeat(64)}` }],
    ['a v1 entry that is not hex', { 'x-parcours-timestamp': '1772359200', 'x-parcours-signature': 'v1=zz' }],
    [
      'a repeated header',
      { 'x-parcours-timestamp': ['1772359200', '1772359201'], 'x-parcours-signature': 'v1=zz' },
    ],
  ])('calls %s malformed', (_label, headers) => {
    const result = verifyWebhookSignature(
      { body: BODY, headers },
      { secrets: SECRET, clock: new ManualClock(SIGNED_AT) },
    );

    expect(result).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses weak secrets and invalid timestamps', () => {
    expect(() => signWebhook(BODY, 'short', SIGNED_AT)).toThrow(/at least 32 characters/);
    expect(() => signWebhook(BODY, SECRET, new Date('not a date'))).toThrow(RangeError);
    expect(() =>
      verifyWebhookSignature({ body: BODY, headers: {} }, { secrets: [], clock: new ManualClock(SIGNED_AT) }),
    ).toThrow(/at least one secret/);
  });
});
