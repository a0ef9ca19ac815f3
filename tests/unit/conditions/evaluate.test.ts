import { describe, expect, it, vi } from 'vitest';
import type { Comparison, Condition } from '../../../language/condition.ts';
import type { ParcoursConfig } from '../../../language/config.ts';
import { type ConditionContext, evaluateCondition } from '../../../shared/conditions/evaluate.ts';
import { allSegments, segmentLookup } from '../../../shared/conditions/segments.ts';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const DAY_MS = 86_400_000;
const ago = (ms: number): string => new Date(NOW.getTime() - ms).toISOString();

/** A customer with a bit of everything a condition reads. */
function context(overrides: Partial<ConditionContext> = {}): ConditionContext {
  return {
    profile: {
      role: 'marketer',
      plan: 'pro',
      seats: 12,
      verified: true,
      company: { size: 250, name: 'Acme' },
      tags: ['beta', 'vip'],
      signedUpAt: ago(3 * DAY_MS),
      nothing: null,
    },
    aggregates: {
      orders_count: 4,
      revenue: 620.5,
      last_order_at: ago(20 * DAY_MS),
      product_purchased_at: { 'product-a': ago(10 * DAY_MS), 'product-b': ago(40 * DAY_MS) },
    },
    event: {
      id: 'e1',
      'detail-type': 'cart.updated',
      time: ago(60_000),
      detail: { profileId: 'jane', cartId: 'c1', total: 89.9, itemCount: 2, 'gift-wrap': false },
    },
    now: NOW,
    segment: () => false,
    ...overrides,
  };
}

const evaluate = (condition: Condition, overrides: Partial<ConditionContext> = {}): boolean =>
  evaluateCondition(condition, context(overrides));

describe('evaluateCondition: comparisons', () => {
  it.each<[string, Comparison, boolean]>([
    ['equals a string', { profile: 'role', equals: 'marketer' }, true],
    ['equals another string', { profile: 'role', equals: 'developer' }, false],
    ['equals a number', { profile: 'seats', equals: 12 }, true],
    ['equals a boolean', { profile: 'verified', equals: true }, true],
    ['equals through a nested path', { profile: 'company.size', equals: 250 }, true],
    ['in a list holding the value', { profile: 'plan', in: ['free', 'pro'] }, true],
    ['in a list without it', { profile: 'plan', in: ['free', 'team'] }, false],
    ['exists on a present value', { profile: 'plan', exists: true }, true],
    ['exists on a missing value', { profile: 'missing', exists: true }, false],
    ['exists on null', { profile: 'nothing', exists: true }, false],
    ['not exists on a missing value', { profile: 'missing', exists: false }, true],
    ['not exists on null', { profile: 'nothing', exists: false }, true],
    ['not exists on a present value', { profile: 'plan', exists: false }, false],
    ['gt below', { profile: 'seats', gt: 11 }, true],
    ['gt equal', { profile: 'seats', gt: 12 }, false],
    ['gte equal', { profile: 'seats', gte: 12 }, true],
    ['gte above', { profile: 'seats', gte: 13 }, false],
    ['lt above', { profile: 'seats', lt: 13 }, true],
    ['lt equal', { profile: 'seats', lt: 12 }, false],
    ['lte equal', { profile: 'seats', lte: 12 }, true],
    ['lte below', { profile: 'seats', lte: 11 }, false],
    ['before a later date', { profile: 'signedUpAt', before: '2026-11-21T00:00:00Z' }, true],
    ['before an earlier date', { profile: 'signedUpAt', before: '2026-11-20T00:00:00Z' }, false],
    ['after an earlier date', { profile: 'signedUpAt', after: '2026-11-20T00:00:00Z' }, true],
    ['after a date with an offset', { profile: 'signedUpAt', after: '2026-11-20T10:00:00+02:00' }, true],
    ['after a later date', { profile: 'signedUpAt', after: '2026-11-21T00:00:00Z' }, false],
    ['contains a substring', { profile: 'role', contains: 'market' }, true],
    ['contains an item of a list', { profile: 'tags', contains: 'vip' }, true],
    ['contains a missing item', { profile: 'tags', contains: 'vi' }, false],
  ])('profile: %s', (_label, comparison, expected) => {
    // Prepare
    const condition: Condition = comparison;

    // Act
    const result = evaluate(condition);

    // Assess
    expect(result).toBe(expected);
  });

  it.each<[string, Comparison, boolean]>([
    ['a plain aggregate', { aggregate: 'orders_count', gte: 4 }, true],
    ['a sum', { aggregate: 'revenue', gt: 620.5 }, false],
    ['a last-at', { aggregate: 'last_order_at', within: '30d' }, true],
    [
      'one item of a per-item aggregate',
      { aggregate: 'product_purchased_at', key: 'product-a', within: '15d' },
      true,
    ],
    ['another item', { aggregate: 'product_purchased_at', key: 'product-b', within: '15d' }, false],
    ['an item never seen', { aggregate: 'product_purchased_at', key: 'product-c', exists: true }, false],
    [
      'an item never seen, negated',
      { aggregate: 'product_purchased_at', key: 'product-c', exists: false },
      true,
    ],
    ['a key on a plain aggregate', { aggregate: 'orders_count', key: 'x', exists: true }, false],
    [
      'an item named as an inherited property',
      { aggregate: 'product_purchased_at', key: 'toString', exists: true },
      false,
    ],
    [
      'an item named constructor',
      { aggregate: 'product_purchased_at', key: 'constructor', exists: false },
      true,
    ],
    ['an undeclared aggregate', { aggregate: 'unknown', exists: true }, false],
    ['a per-item aggregate as a whole', { aggregate: 'product_purchased_at', exists: true }, true],
  ])('aggregate: %s', (_label, comparison, expected) => {
    // Prepare
    const condition: Condition = comparison;

    // Act
    const result = evaluate(condition);

    // Assess
    expect(result).toBe(expected);
  });

  it.each<[string, Comparison, boolean]>([
    ['equals', { event: 'detail.cartId', equals: 'c1' }, true],
    ['equals a false boolean', { event: 'detail.gift-wrap', equals: false }, true],
    ['in', { event: 'detail-type', in: ['cart.updated', 'cart.created'] }, true],
    ['gt', { event: 'detail.total', gt: 50 }, true],
    ['lte', { event: 'detail.itemCount', lte: 1 }, false],
    ['within', { event: 'time', within: '5m' }, true],
    ['older-than', { event: 'time', 'older-than': '5m' }, false],
    ['exists on a missing field', { event: 'detail.coupon', exists: false }, true],
    ['exists below a scalar', { event: 'detail.cartId.value', exists: true }, false],
  ])('event: %s', (_label, comparison, expected) => {
    // Prepare
    const condition: Condition = comparison;

    // Act
    const result = evaluate(condition);

    // Assess
    expect(result).toBe(expected);
  });

  describe('a value of the wrong type makes a comparison false, not an error', () => {
    it.each<[string, Comparison]>([
      ['a number written as a string', { profile: 'zip', gt: 100 }],
      ['a string against a number', { profile: 'zip', equals: 75_001 }],
      ['a number against a string', { profile: 'seats', equals: '12' }],
      ['a boolean against a string', { profile: 'verified', equals: 'true' }],
      ['a boolean under lt', { profile: 'verified', lt: 2 }],
      ['an object under gte', { profile: 'company', gte: 0 }],
      ['a list under in', { profile: 'tags', in: ['beta'] }],
      ['a number as a date', { profile: 'seats', within: '30d' }],
      ['a word as a date', { profile: 'role', before: '2030-01-01T00:00:00Z' }],
      ['a number under contains', { profile: 'seats', contains: '1' }],
      ['null under lt', { profile: 'nothing', lt: 1 }],
      ['a missing value under lte', { profile: 'missing', lte: 1 }],
      ['a missing value under older-than', { profile: 'missing', 'older-than': '1d' }],
    ])('%s', (_label, comparison) => {
      // Prepare
      const condition: Condition = comparison;
      const profile = { ...context().profile, zip: '75001' };

      // Act
      const result = evaluate(condition, { profile });

      // Assess
      expect(result).toBe(false);
    });
  });

  describe('relative dates, with a fixed now', () => {
    it.each<[string, string, boolean, boolean]>([
      ['just inside the window', ago(DAY_MS - 1), true, false],
      ['exactly on the threshold', ago(DAY_MS), true, false],
      ['just outside the window', ago(DAY_MS + 1), false, true],
      ['in the future', new Date(NOW.getTime() + DAY_MS).toISOString(), true, false],
    ])('a timestamp %s: within 1d is %s, older-than 1d is %s', (_label, at, within, olderThan) => {
      // Prepare
      const profile = { lastSeenAt: at };

      // Act
      const results = [
        evaluate({ profile: 'lastSeenAt', within: '1d' }, { profile }),
        evaluate({ profile: 'lastSeenAt', 'older-than': '1d' }, { profile }),
      ];

      // Assess
      expect(results).toEqual([within, olderThan]);
    });

    it('reads timestamps with an offset at their instant', () => {
      // Prepare: 10:30 in Paris in winter is 09:30 UTC, 23h30 before now.
      const profile = { lastSeenAt: '2026-11-22T10:30:00+01:00' };

      // Act
      const result = evaluate({ profile: 'lastSeenAt', within: '1d' }, { profile });

      // Assess
      expect(result).toBe(true);
    });

    it('moves with now', () => {
      // Prepare
      const profile = { lastSeenAt: ago(2 * DAY_MS) };
      const later = new Date(NOW.getTime() + 6 * DAY_MS);

      // Act
      const results = [
        evaluate({ profile: 'lastSeenAt', within: '1w' }, { profile }),
        evaluate({ profile: 'lastSeenAt', within: '1w' }, { profile, now: later }),
      ];

      // Assess
      expect(results).toEqual([true, false]);
    });
  });
});

describe('evaluateCondition: all, any, not, segments', () => {
  const yes: Condition = { profile: 'role', equals: 'marketer' };
  const no: Condition = { profile: 'role', equals: 'developer' };

  it.each<[string, Condition, boolean]>([
    ['all true', { all: [yes, yes] }, true],
    ['all with one false', { all: [yes, no] }, false],
    ['any with one true', { any: [no, yes] }, true],
    ['any all false', { any: [no, no] }, false],
    ['not true', { not: yes }, false],
    ['not false', { not: no }, true],
    ['nested', { all: [yes, { any: [no, { not: no }] }] }, true],
    ['not of a missing comparison', { not: { profile: 'missing', gt: 1 } }, true],
  ])('%s', (_label, condition, expected) => {
    // Prepare
    const ctx = context();

    // Act
    const result = evaluateCondition(condition, ctx);

    // Assess
    expect(result).toBe(expected);
  });

  it('asks the context for a segment by name', () => {
    // Prepare
    const segment = vi.fn((name: string) => name === 'vip');

    // Act
    const results = [
      evaluate({ segment: 'vip' }, { segment }),
      evaluate({ segment: 'large_company' }, { segment }),
    ];

    // Assess
    expect(results).toEqual([true, false]);
    expect(segment.mock.calls).toEqual([['vip'], ['large_company']]);
  });
});

describe('segmentLookup', () => {
  /** A profile whose `company` attribute counts its reads, so a spy sees each evaluation. */
  function countingProfile(size: number) {
    const readCompany = vi.fn(() => ({ size }));
    const profile: Record<string, unknown> = {};
    Object.defineProperty(profile, 'company', { get: readCompany, enumerable: true });
    return { profile, readCompany };
  }

  const segments: ParcoursConfig['segments'] = {
    large_company: { when: { profile: 'company.size', gte: 200 } },
    vip: { when: { aggregate: 'revenue', gte: 500 } },
  };

  it('evaluates a segment once, however often it is asked', () => {
    // Prepare
    const { profile, readCompany } = countingProfile(250);
    const lookup = segmentLookup(segments, { profile, aggregates: {}, event: {}, now: NOW });

    // Act
    const answers = [lookup('large_company'), lookup('large_company'), lookup('large_company')];

    // Assess
    expect(answers).toEqual([true, true, true]);
    expect(readCompany).toHaveBeenCalledTimes(1);
  });

  it('remembers a negative answer too', () => {
    // Prepare
    const { profile, readCompany } = countingProfile(10);
    const lookup = segmentLookup(segments, { profile, aggregates: {}, event: {}, now: NOW });

    // Act
    const answers = [lookup('large_company'), lookup('large_company')];

    // Assess
    expect(answers).toEqual([false, false]);
    expect(readCompany).toHaveBeenCalledTimes(1);
  });

  it('evaluates nothing until a segment is asked, and only the segment asked', () => {
    // Prepare
    const { profile, readCompany } = countingProfile(250);

    // Act
    const lookup = segmentLookup(segments, { profile, aggregates: { revenue: 900 }, event: {}, now: NOW });
    const readsBefore = readCompany.mock.calls.length;
    const vip = lookup('vip');

    // Assess
    expect(readsBefore).toBe(0);
    expect(vip).toBe(true);
    expect(readCompany).not.toHaveBeenCalled();
  });

  it('is used by conditions through the context, with the same memo', () => {
    // Prepare
    const { profile, readCompany } = countingProfile(250);
    const base = { profile, aggregates: {}, event: {}, now: NOW };
    const ctx: ConditionContext = { ...base, segment: segmentLookup(segments, base) };

    // Act
    const result = evaluateCondition(
      { all: [{ segment: 'large_company' }, { not: { not: { segment: 'large_company' } } }] },
      ctx,
    );

    // Assess
    expect(result).toBe(true);
    expect(readCompany).toHaveBeenCalledTimes(1);
  });

  it('an undeclared segment has no members', () => {
    // Prepare
    const lookup = segmentLookup(segments, { profile: {}, aggregates: {}, event: {}, now: NOW });

    // Act
    const member = lookup('unknown');

    // Assess
    expect(member).toBe(false);
  });

  it('allSegments lists every declared segment through the lookup', () => {
    // Prepare
    const { profile, readCompany } = countingProfile(250);
    const lookup = segmentLookup(segments, { profile, aggregates: { revenue: 100 }, event: {}, now: NOW });
    lookup('large_company');

    // Act
    const memberships = allSegments(segments, lookup);

    // Assess
    expect(memberships).toEqual({ large_company: true, vip: false });
    expect(readCompany).toHaveBeenCalledTimes(1);
  });

  it('allSegments evaluates a segment only when it is read', () => {
    // Prepare
    const { profile, readCompany } = countingProfile(250);
    const lookup = vi.fn(
      segmentLookup(segments, { profile, aggregates: { revenue: 900 }, event: {}, now: NOW }),
    );

    // Act
    const memberships = allSegments(segments, lookup);
    const lookedUpBefore = lookup.mock.calls.length;
    const vip = memberships.vip;

    // Assess
    expect(lookedUpBefore).toBe(0);
    expect(vip).toBe(true);
    expect(lookup.mock.calls).toEqual([['vip']]);
    expect(readCompany).not.toHaveBeenCalled();
  });
});
