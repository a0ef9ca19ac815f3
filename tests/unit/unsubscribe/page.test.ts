import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { handleUnsubscribeRequest } from '../../../shared/unsubscribe/page.ts';
import { signUnsubscribeToken, type UnsubscribeClaims } from '../../../shared/unsubscribe/tokens.ts';

const SECRET = 'unsubscribe-secret-0123456789abcdef-current';
const OLD_SECRET = 'unsubscribe-secret-0123456789abcdef-previous';
const DAY = 86_400_000;

function setUp(
  claims: UnsubscribeClaims = { profileId: 'customer-42', channel: 'email', topic: 'weekly-deals' },
) {
  const clock = new ManualClock('2026-03-01T10:00:00Z');
  const deps = { secrets: [SECRET, OLD_SECRET], clock };
  return { clock, deps, token: signUnsubscribeToken(claims, SECRET, clock) };
}

describe('the unsubscribe endpoint', () => {
  it('GET shows a confirm button that posts back, and does not unsubscribe by itself', () => {
    const { deps, token } = setUp();

    const response = handleUnsubscribeRequest({ method: 'GET', token }, deps);

    expect(response.status).toBe(200);
    expect(response.change).toBeUndefined();
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toMatch(/<form method="post">/);
    expect(response.body).toMatch(/<button type="submit">Unsubscribe<\/button>/);
    expect(response.body).toContain('“weekly-deals” emails');
    expect(response.body).not.toContain(token);
  });

  it('one-click POST unsubscribes at once with a tiny body', () => {
    const { deps, token } = setUp({
      profileId: 'customer-42',
      channel: 'email',
      topic: 'weekly-deals',
      scenario: 'win-back',
    });

    const response = handleUnsubscribeRequest(
      { method: 'POST', token, body: 'List-Unsubscribe=One-Click' },
      deps,
    );

    expect(response.status).toBe(200);
    expect(response.body).toBe('Unsubscribed.\n');
    expect(response.change).toEqual({
      profileId: 'customer-42',
      channel: 'email',
      topic: 'weekly-deals',
      scenario: 'win-back',
      status: 'opted-out',
      via: 'one-click',
    });
  });

  it("the confirm button's POST unsubscribes via the page and says so", () => {
    const { deps, token } = setUp({ profileId: 'customer-42', channel: 'sms' });

    const response = handleUnsubscribeRequest({ method: 'POST', token, body: 'confirm=unsubscribe' }, deps);

    expect(response.status).toBe(200);
    expect(response.change).toEqual({
      profileId: 'customer-42',
      channel: 'sms',
      status: 'opted-out',
      via: 'page',
    });
    expect(response.body).toContain('You will no longer receive marketing text messages.');
  });

  it('accepts a token signed with a rotated-out secret', () => {
    const clock = new ManualClock('2026-03-01T10:00:00Z');
    const token = signUnsubscribeToken({ profileId: 'customer-42', channel: 'push' }, OLD_SECRET, clock);

    const response = handleUnsubscribeRequest(
      { method: 'POST', token, body: 'List-Unsubscribe=One-Click' },
      { secrets: [SECRET, OLD_SECRET], clock },
    );

    expect(response.change?.channel).toBe('push');
  });

  it.each([
    ['GET', undefined],
    ['POST', 'List-Unsubscribe=One-Click'],
  ] as const)('an expired token gets 410 on %s and changes nothing', (method, body) => {
    const { clock, deps, token } = setUp();
    clock.advance(61 * DAY);

    const response = handleUnsubscribeRequest({ method, token, body }, deps);

    expect(response.status).toBe(410);
    expect(response.change).toBeUndefined();
    expect(response.body).toContain('This link has expired');
  });

  it.each([
    ['a forged token', 'eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a cut-off token', 'eyJ2IjoxfQ.AAAA'],
    ['no token', undefined],
  ])('%s gets 400 with a human message and changes nothing', (_label, token) => {
    const { deps } = setUp();

    const responses = [
      handleUnsubscribeRequest({ method: 'GET', token }, deps),
      handleUnsubscribeRequest({ method: 'POST', token, body: 'List-Unsubscribe=One-Click' }, deps),
    ];

    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(response.change).toBeUndefined();
      expect(response.body).toContain('This link does not work');
    }
  });

  it('escapes what it echoes from the token', () => {
    const { deps, token } = setUp({
      profileId: 'customer-42',
      channel: 'email',
      topic: '<script>alert("x")</script>',
    });

    const page = handleUnsubscribeRequest({ method: 'GET', token }, deps);
    const done = handleUnsubscribeRequest({ method: 'POST', token, body: 'confirm=unsubscribe' }, deps);

    for (const response of [page, done]) {
      expect(response.body).not.toContain('<script>');
      expect(response.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
  });

  it('sends headers that keep the token out of referrers, caches and frames', () => {
    const { deps, token } = setUp();

    const { headers } = handleUnsubscribeRequest({ method: 'GET', token }, deps);

    expect(headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
    });
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('answers other methods with 405 and changes nothing', () => {
    const { deps, token } = setUp();

    const response = handleUnsubscribeRequest({ method: 'DELETE', token }, deps);

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, POST');
    expect(response.change).toBeUndefined();
    expect(response.body).toContain('Nothing was changed.');
  });

  it.each([
    ['200 CJK characters', '顧'.repeat(200)],
    ['200 control characters, which JSON writes as \\u escapes', '\u0001'.repeat(200)],
  ])('takes the one-click POST of a link signed for a customer id of %s', (_label, profileId) => {
    // Prepare: the longest names scenarios may give for the topic and the scenario
    const { deps, token } = setUp({
      profileId,
      channel: 'email',
      topic: 'a'.repeat(48),
      scenario: 'b'.repeat(48),
    });

    // Act
    const response = handleUnsubscribeRequest(
      { method: 'POST', token, body: 'List-Unsubscribe=One-Click' },
      deps,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.change).toMatchObject({ profileId, status: 'opted-out' });
  });
});
