import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../language/condition.ts';
import { choiceRule, needsFacts } from '../../../state-machines/compiler/choice-rules.ts';
import { FactCollector } from '../../../state-machines/compiler/facts.ts';

/** Compiles one condition with a fresh fact collector, as one Check state would. */
function compile(condition: Condition): { rule: unknown; facts: FactCollector } {
  const facts = new FactCollector();
  return { rule: choiceRule(condition, facts), facts };
}

/** The guard every comparison gets: present, of the right type, then the test itself. */
function guarded(variable: string, typeTest: string, comparison: Record<string, unknown>) {
  return {
    And: [
      { Variable: variable, IsPresent: true },
      { Variable: variable, [typeTest]: true },
      { Variable: variable, ...comparison },
    ],
  };
}

/** The key of the only fact of this kind. */
function keyOf(facts: FactCollector, kind: string): string {
  const matching = facts.all.filter((fact) => fact.kind === kind);
  expect(matching).toHaveLength(1);
  return matching[0]?.key ?? '';
}

/** Every Variable a rule reads. */
function variablesOf(rule: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'Variable' && typeof child === 'string') found.add(child);
        else visit(child);
      }
    }
  };
  visit(rule);
  return found;
}

describe('choiceRule', () => {
  describe('equals', () => {
    it.each([
      ['a string', 'pro', 'IsString', { StringEquals: 'pro' }],
      ['a number', 42, 'IsNumeric', { NumericEquals: 42 }],
      ['a boolean', false, 'IsBoolean', { BooleanEquals: false }],
    ] as const)('guards %s with its type test', (_label, value, typeTest, comparison) => {
      // Act
      const { rule, facts } = compile({ profile: 'plan', equals: value });
      // Assess
      expect(rule).toEqual(guarded('$.facts.f1', typeTest, comparison));
      expect(facts.all).toEqual([{ kind: 'profile', key: 'f1', path: 'plan', as: 'value' }]);
    });
  });

  it('compiles "in" to an Or of guarded equalities, one per value, on the same fact', () => {
    // Act
    const { rule, facts } = compile({ profile: 'role', in: ['developer', 7] });
    // Assess
    expect(rule).toEqual({
      Or: [
        guarded('$.facts.f1', 'IsString', { StringEquals: 'developer' }),
        guarded('$.facts.f1', 'IsNumeric', { NumericEquals: 7 }),
      ],
    });
    expect(facts.all).toHaveLength(1);
  });

  it('compiles "in" with one value to that equality alone', () => {
    // Act
    const { rule } = compile({ profile: 'role', in: ['developer'] });
    // Assess
    expect(rule).toEqual(guarded('$.facts.f1', 'IsString', { StringEquals: 'developer' }));
  });

  it('compiles "exists: true" to present and not null', () => {
    // Act
    const { rule } = compile({ aggregate: 'orders', exists: true });
    // Assess
    expect(rule).toEqual({
      And: [{ Variable: '$.facts.f1', IsPresent: true }, { Not: { Variable: '$.facts.f1', IsNull: true } }],
    });
  });

  it('compiles "exists: false" to the negation of present and not null', () => {
    // Act
    const { rule } = compile({ aggregate: 'orders', exists: false });
    // Assess
    expect(rule).toEqual({
      Not: {
        And: [{ Variable: '$.facts.f1', IsPresent: true }, { Not: { Variable: '$.facts.f1', IsNull: true } }],
      },
    });
  });

  it.each([
    ['gt', 'NumericGreaterThan'],
    ['gte', 'NumericGreaterThanEquals'],
    ['lt', 'NumericLessThan'],
    ['lte', 'NumericLessThanEquals'],
  ] as const)('compiles "%s" to a guarded %s', (operator, comparison) => {
    // Act
    const { rule } = compile({ aggregate: 'cart_value', [operator]: 2.5 });
    // Assess
    expect(rule).toEqual(guarded('$.facts.f1', 'IsNumeric', { [comparison]: 2.5 }));
  });

  it('compiles "within" to a timestamp at or after a threshold fact', () => {
    // Act
    const { rule, facts } = compile({ aggregate: 'bought_at', key: 'product-a', within: '15d' });
    // Assess: one fact reads the aggregate as a timestamp, the other is the moment 15 days ago.
    const value = keyOf(facts, 'aggregate');
    const threshold = keyOf(facts, 'threshold');
    expect(rule).toEqual(
      guarded(`$.facts.${value}`, 'IsTimestamp', { TimestampGreaterThanEqualsPath: `$.facts.${threshold}` }),
    );
    expect(facts.all).toEqual(
      expect.arrayContaining([
        { kind: 'aggregate', key: value, name: 'bought_at', item: 'product-a', as: 'timestamp' },
        { kind: 'threshold', key: threshold, ago: '15d' },
      ]),
    );
    expect(value).not.toBe(threshold);
  });

  it('compiles "older-than" to a timestamp before a threshold fact', () => {
    // Act
    const { rule, facts } = compile({ profile: 'last-seen', 'older-than': '60d' });
    // Assess
    const value = keyOf(facts, 'profile');
    const threshold = keyOf(facts, 'threshold');
    expect(rule).toEqual(
      guarded(`$.facts.${value}`, 'IsTimestamp', { TimestampLessThanPath: `$.facts.${threshold}` }),
    );
    expect(facts.all).toEqual(
      expect.arrayContaining([
        { kind: 'profile', key: value, path: 'last-seen', as: 'timestamp' },
        { kind: 'threshold', key: threshold, ago: '60d' },
      ]),
    );
    expect(facts.all).toHaveLength(2);
  });

  it('normalises the offset of "before" to UTC', () => {
    // Act: 10:00 at +02:00 is 08:00 UTC.
    const { rule } = compile({ profile: 'signed-up', before: '2024-06-01T10:00:00+02:00' });
    // Assess
    expect(rule).toEqual(guarded('$.facts.f1', 'IsTimestamp', { TimestampLessThan: '2024-06-01T08:00:00Z' }));
  });

  it('normalises the offset of "after" to UTC, across midnight, keeping milliseconds', () => {
    // Act: 20:30:15.250 at -05:30 is 02:00:15.250 UTC the next day.
    const { rule } = compile({ profile: 'signed-up', after: '2024-12-31T20:30:15.250-05:30' });
    // Assess
    expect(rule).toEqual(
      guarded('$.facts.f1', 'IsTimestamp', { TimestampGreaterThan: '2025-01-01T02:00:15.250Z' }),
    );
  });

  it('reads event fields from $.event, in bracket notation for hyphenated names, with no facts', () => {
    // Act
    const { rule, facts } = compile({ event: 'detail.cart-id', equals: 'c-1' });
    // Assess
    expect(rule).toEqual(guarded("$.event.detail['cart-id']", 'IsString', { StringEquals: 'c-1' }));
    expect(facts.all).toEqual([]);
  });

  it('reads dotted event fields in dot notation', () => {
    // Act
    const { rule, facts } = compile({ event: 'detail.total', gte: 100 });
    // Assess
    expect(rule).toEqual(guarded('$.event.detail.total', 'IsNumeric', { NumericGreaterThanEquals: 100 }));
    expect(facts.all).toEqual([]);
  });

  it('matches "contains" on an event string natively, escaping wildcards', () => {
    // Act: the needle a*b\c must match literally, so * and \ are escaped.
    const { rule, facts } = compile({ event: 'detail.note', contains: 'a*b\\c' });
    // Assess
    expect(rule).toEqual(guarded('$.event.detail.note', 'IsString', { StringMatches: '*a\\*b\\\\c*' }));
    expect(facts.all).toEqual([]);
  });

  it('asks the check function for "contains" on a profile value, as a boolean fact', () => {
    // Act
    const { rule, facts } = compile({ profile: 'tags', contains: 'beta' });
    // Assess
    expect(rule).toEqual(guarded('$.facts.f1', 'IsBoolean', { BooleanEquals: true }));
    expect(facts.all).toEqual([{ kind: 'profile', key: 'f1', path: 'tags', as: 'value', contains: 'beta' }]);
  });

  it('compiles a segment to a boolean fact', () => {
    // Act
    const { rule, facts } = compile({ segment: 'vip' });
    // Assess
    expect(rule).toEqual(guarded('$.facts.f1', 'IsBoolean', { BooleanEquals: true }));
    expect(facts.all).toEqual([{ kind: 'segment', key: 'f1', name: 'vip' }]);
  });

  it('combines all/any/not into And/Or/Not', () => {
    // Act
    const { rule } = compile({
      all: [
        { segment: 'vip' },
        { any: [{ event: 'source', equals: 'app' }, { not: { profile: 'plan', exists: true } }] },
      ],
    });
    // Assess
    expect(rule).toEqual({
      And: [
        guarded('$.facts.f1', 'IsBoolean', { BooleanEquals: true }),
        {
          Or: [
            guarded('$.event.source', 'IsString', { StringEquals: 'app' }),
            {
              Not: {
                And: [
                  { Variable: '$.facts.f2', IsPresent: true },
                  { Not: { Variable: '$.facts.f2', IsNull: true } },
                ],
              },
            },
          ],
        },
      ],
    });
  });

  it('collapses an "all" of one condition to that condition', () => {
    // Act
    const { rule } = compile({ all: [{ segment: 'vip' }] });
    // Assess
    expect(rule).toEqual(guarded('$.facts.f1', 'IsBoolean', { BooleanEquals: true }));
  });

  it('gives identical questions one fact key, and different questions different keys', () => {
    // Prepare: one collector shared by the paths of one branch.
    const facts = new FactCollector();
    // Act
    const first = choiceRule({ profile: 'plan', equals: 'pro' }, facts);
    const second = choiceRule(
      { any: [{ profile: 'plan', in: ['team', 'free'] }, { segment: 'vip' }] },
      facts,
    );
    const third = choiceRule({ segment: 'vip' }, facts);
    const fourth = choiceRule({ profile: 'plan', within: '1d' }, facts);
    // Assess: four questions only: plan as a value, vip, plan as a timestamp, and 1 day ago.
    expect(facts.all).toHaveLength(4);
    expect(new Set(facts.all.map((fact) => fact.key)).size).toBe(4);
    expect(first).toEqual(guarded('$.facts.f1', 'IsString', { StringEquals: 'pro' }));
    expect(variablesOf(second)).toEqual(new Set(['$.facts.f1', '$.facts.f2']));
    expect(variablesOf(third)).toEqual(new Set(['$.facts.f2']));
    const timestamp = facts.all.find((fact) => fact.kind === 'profile' && fact.as === 'timestamp');
    expect(variablesOf(fourth)).toEqual(new Set([`$.facts.${timestamp?.key}`]));
  });
});

describe('needsFacts', () => {
  it.each<[string, Condition, boolean]>([
    ['a profile attribute', { profile: 'plan', equals: 'pro' }, true],
    ['an aggregate', { aggregate: 'orders', gt: 1 }, true],
    ['a segment', { segment: 'vip' }, true],
    ['an event field', { event: 'detail.total', gt: 1 }, false],
    [
      'only event fields under all/any/not',
      { all: [{ event: 'source', equals: 'app' }, { not: { any: [{ event: 'detail.x', exists: true }] } }] },
      false,
    ],
    [
      'an event field and, deep down, a profile attribute',
      { any: [{ event: 'source', equals: 'app' }, { not: { profile: 'plan', exists: true } }] },
      true,
    ],
  ])('reading %s → %s', (_label, condition, expected) => {
    // Act
    const needs = needsFacts(condition);
    // Assess
    expect(needs).toBe(expected);
  });
});
