import '../../local/engine/promise-with-resolvers.ts';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Comparison, Condition } from '../../language/condition.ts';
import { durationSeconds } from '../../language/duration.ts';
import { COMPARED_TEXT_LIMIT, type FactRequest } from '../../language/fact-request.ts';
import { evaluateCondition } from '../../shared/conditions/evaluate.ts';
import { answerFacts, type Facts } from '../../shared/steps/check.ts';
import { isRecord } from '../../shared/store/field-path.ts';
import type { ChoiceRule } from '../../state-machines/compiler/asl.ts';
import { choiceRule } from '../../state-machines/compiler/choice-rules.ts';
import { FactCollector } from '../../state-machines/compiler/facts.ts';

/**
 * evaluateCondition (used in functions) promises the same answers as the compiled Choice rule
 * (used by Step Functions). This runs both on random comparisons and random customers: the rule
 * on the real local engine, fed the facts a Check state would load.
 */

const NUM_RUNS = 60;

// ---------------------------------------------------------------------------------------------
// What the check function answers (mirrors shared/steps/check.ts for profile and threshold facts)
// ---------------------------------------------------------------------------------------------

/** The facts the check function answers, from the profile alone (the property tests no aggregates). */
function factsFor(requests: readonly FactRequest[], profile: Record<string, unknown>, now: Date): Facts {
  return answerFacts(requests, { profile, aggregates: {}, event: {}, now, segment: () => false }, now);
}

// ---------------------------------------------------------------------------------------------
// The compiled rule on the local engine
// ---------------------------------------------------------------------------------------------

function decisionMachine(rule: ChoiceRule): StateMachineDefinition {
  return {
    StartAt: 'Decide',
    States: {
      Decide: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' },
      Yes: { Type: 'Pass', Result: 'Yes', End: true },
      No: { Type: 'Pass', Result: 'No', End: true },
    },
  };
}

/**
 * Validating a definition costs the engine about 250 ms (it compiles its JSON schemas each time),
 * so the random runs skip it; one test below validates a rule of every operator instead.
 */
async function engineChooses(rule: ChoiceRule, input: unknown): Promise<boolean> {
  const machine = new StateMachine(decisionMachine(rule), { validationOptions: { noValidate: true } });
  // An execution's input is JSON, as on AWS.
  const output: unknown = await machine.run(JSON.parse(JSON.stringify(input))).result;
  expect(['Yes', 'No']).toContain(output);
  return output === 'Yes';
}

// ---------------------------------------------------------------------------------------------
// Random customers, events and comparisons
// ---------------------------------------------------------------------------------------------

const DURATIONS = ['30s', '15m', '1h', '1d', '7d', '2w', '1d12h'] as const;
/** Offsets that land exactly on, or one second around, every window's threshold. */
const BOUNDARIES = DURATIONS.flatMap((duration) => {
  const seconds = durationSeconds(duration);
  return [-seconds - 1, -seconds, -seconds + 1];
});
const deltaSeconds = fc.oneof(
  fc.integer({ min: -30 * 86_400, max: 2 * 86_400 }),
  fc.constantFrom(...BOUNDARIES, 0),
);

/** Whole seconds: the check function rounds thresholds down to the second. */
const now = fc
  .integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2030, 0, 1) / 1000 })
  .map((seconds) => new Date(seconds * 1000));

/**
 * How a timestamp is written. Two combinations are known to disagree and are not generated: a
 * sub-second profile timestamp (the check function rounds it down to the second, so `after` a
 * time in that same second differs) and a date-only event field (Date.parse reads "2026-11-23",
 * the Choice rule's IsTimestamp does not).
 */
type TimeFormat = 'utc' | 'offset' | 'millis' | 'date';
type TimeSpec = { delta: number; format: TimeFormat; offsetMinutes: number; millis: number };
const timeSpec = (formats: readonly TimeFormat[]): fc.Arbitrary<TimeSpec> =>
  fc.record({
    delta: deltaSeconds,
    format: fc.constantFrom(...formats),
    offsetMinutes: fc.constantFrom(-300, 60, 120, 330),
    millis: fc.integer({ min: 1, max: 999 }),
  });

/** A timestamp as apps commonly write it: whole seconds, UTC. */
function wholeSecondUtc(time: number): string {
  return new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function writeTime(spec: TimeSpec, at: Date): string {
  const time = at.getTime() + spec.delta * 1000;
  switch (spec.format) {
    case 'utc':
      return wholeSecondUtc(time);
    case 'millis':
      return new Date(time + spec.millis).toISOString();
    case 'date':
      return new Date(time).toISOString().slice(0, 10);
    case 'offset': {
      const local = new Date(time + spec.offsetMinutes * 60_000).toISOString().slice(0, 19);
      const sign = spec.offsetMinutes < 0 ? '-' : '+';
      const minutes = Math.abs(spec.offsetMinutes);
      const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
      const mm = String(minutes % 60).padStart(2, '0');
      return `${local}${sign}${hh}:${mm}`;
    }
  }
}

/** Words Date.parse refuses, so that they are strings and never timestamps on either side. */
const WORDS = ['pro', 'free', 'a', '', 'opted-in'] as const;
const smallNumber = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }),
);
/** The longest text a condition may compare with, and texts past it, which the check cuts. */
const AT_LIMIT = 'pro'.padEnd(COMPARED_TEXT_LIMIT, 'o');
const PAST_LIMIT = [`${AT_LIMIT}o`, `${AT_LIMIT}${'o'.repeat(5_000)}`] as const;
const scalar = fc.oneof(fc.constantFrom(...WORDS, AT_LIMIT), fc.integer({ min: -5, max: 5 }), fc.boolean());

type ValueSpec = { kind: 'absent' } | { kind: 'literal'; value: unknown } | { kind: 'time'; time: TimeSpec };
const anyValue = (formats: readonly TimeFormat[]): fc.Arbitrary<ValueSpec> =>
  fc.oneof(
    fc.constant<ValueSpec>({ kind: 'absent' }),
    fc
      .oneof(
        fc.constant(null),
        fc.constantFrom(...WORDS),
        smallNumber,
        fc.boolean(),
        fc.constant(['pro']),
        fc.constant({ at: 'pro' }),
      )
      .map((value): ValueSpec => ({ kind: 'literal', value })),
    timeSpec(formats).map((time): ValueSpec => ({ kind: 'time', time })),
  );

/** A value of the kind the operator compares, so that both answers come up often. */
function likelyValue(
  operator: OperatorSpec['operator'],
  formats: readonly TimeFormat[],
): fc.Arbitrary<ValueSpec> {
  switch (operator) {
    case 'equals':
    case 'in':
    case 'exists':
      return fc
        .oneof({ arbitrary: scalar, weight: 5 }, { arbitrary: fc.constantFrom(...PAST_LIMIT), weight: 1 })
        .map((value): ValueSpec => ({ kind: 'literal', value }));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return smallNumber.map((value): ValueSpec => ({ kind: 'literal', value }));
    case 'within':
    case 'older-than':
    case 'before':
    case 'after':
      return timeSpec(formats).map((time): ValueSpec => ({ kind: 'time', time }));
    case 'contains':
      return fc
        .oneof(fc.constantFrom(...TEXTS), fc.array(fc.constantFrom(...TEXTS), { maxLength: 3 }))
        .map((value): ValueSpec => ({ kind: 'literal', value }));
  }
}

/**
 * Text and needles for `contains`, with the characters a Choice rule's StringMatches reads as a
 * wildcard or an escape, so that both sides are held to the same literal reading of them.
 */
const TEXTS = ['pro', 'a', '', 'opted-in', 'a*b', 'a\\b', '*', 'pro plan'] as const;

/** What sits where a nested path expects an object: usually one, sometimes something else. */
const parentSpec = fc.constantFrom<unknown>('object', 'object', 'object', 'absent', null, 'pro', [1]);

type Subject = { subject: 'profile' | 'event'; path: string };
const subject: fc.Arbitrary<Subject> = fc.oneof(
  fc.constantFrom(
    ...['plan', 'company.size', 'last-seen'].map((path) => ({ subject: 'profile', path }) as const),
  ),
  fc.constantFrom(
    ...['time', 'detail.total', 'detail.cart-id', 'detail.order.placedAt'].map(
      (path) => ({ subject: 'event', path }) as const,
    ),
  ),
);

type OperatorSpec =
  | { operator: 'equals'; operand: string | number | boolean }
  | { operator: 'in'; operand: (string | number | boolean)[] }
  | { operator: 'exists'; operand: boolean }
  | { operator: 'gt' | 'gte' | 'lt' | 'lte'; operand: number }
  | { operator: 'within' | 'older-than'; operand: string }
  | { operator: 'before' | 'after'; operand: TimeSpec }
  | { operator: 'contains'; operand: string };
const operatorSpec: fc.Arbitrary<OperatorSpec> = fc.oneof(
  scalar.map((operand) => ({ operator: 'equals' as const, operand })),
  fc.array(scalar, { minLength: 1, maxLength: 3 }).map((operand) => ({ operator: 'in' as const, operand })),
  fc.boolean().map((operand) => ({ operator: 'exists' as const, operand })),
  fc.record({ operator: fc.constantFrom('gt', 'gte', 'lt', 'lte' as const), operand: smallNumber }),
  fc.record({
    operator: fc.constantFrom('within', 'older-than' as const),
    operand: fc.constantFrom(...DURATIONS),
  }),
  fc.record({
    operator: fc.constantFrom('before', 'after' as const),
    operand: timeSpec(['utc', 'offset', 'millis']),
  }),
  fc.constantFrom(...TEXTS).map((operand) => ({ operator: 'contains' as const, operand })),
);

type Leaf = { subject: Subject; operator: OperatorSpec; value: ValueSpec; parent: unknown };
const leaf: fc.Arbitrary<Leaf> = fc.tuple(subject, operatorSpec).chain(([chosenSubject, chosenOperator]) => {
  const formats: readonly TimeFormat[] =
    chosenSubject.subject === 'profile' ? ['utc', 'offset', 'date'] : ['utc', 'offset', 'millis'];
  return fc.record({
    subject: fc.constant(chosenSubject),
    operator: fc.constant(chosenOperator),
    value: fc.oneof(
      { arbitrary: likelyValue(chosenOperator.operator, formats), weight: 3 },
      { arbitrary: anyValue(formats), weight: 2 },
    ),
    parent: parentSpec,
  });
});

function comparisonOf(spec: Leaf, at: Date): Comparison {
  const { operator, operand } = spec.operator;
  const written = typeof operand === 'object' && !Array.isArray(operand) ? writeTime(operand, at) : operand;
  return Comparison.parse({ [spec.subject.subject]: spec.subject.path, [operator]: written });
}

function single(comparisons: Comparison[]): Condition {
  const [only] = comparisons;
  if (only === undefined || comparisons.length > 1) throw new Error('expected exactly one comparison');
  return only;
}

/** Writes the leaf's value at its path, with the chosen parent for a nested path. */
function place(document: Record<string, unknown>, spec: Leaf, at: Date): void {
  if (spec.value.kind === 'absent') return;
  const value = spec.value.kind === 'time' ? writeTime(spec.value.time, at) : spec.value.value;
  const parts = spec.subject.path.split('.');
  let target = document;
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1) {
      target[part] = value;
      return;
    }
    const existing = target[part];
    if (isRecord(existing)) {
      target = existing;
      continue;
    }
    // The event's `detail` always exists; deeper parents follow the leaf's choice.
    const parent = part === 'detail' ? 'object' : spec.parent;
    if (parent === 'absent') return;
    if (parent !== 'object') {
      target[part] = parent;
      return;
    }
    const created: Record<string, unknown> = {};
    target[part] = created;
    target = created;
  }
}

type Case = {
  now: Date;
  condition: Condition;
  profile: Record<string, unknown>;
  event: Record<string, unknown>;
};

function buildCase(
  at: Date,
  leaves: readonly Leaf[],
  combine: (comparisons: Comparison[]) => Condition,
): Case {
  const profile: Record<string, unknown> = { profileId: 'customer-42' };
  const event: Record<string, unknown> = {
    id: 'e1',
    source: 'shop',
    'detail-type': 'cart.updated',
    detail: { profileId: 'customer-42' },
  };
  for (const spec of leaves) place(spec.subject.subject === 'profile' ? profile : event, spec, at);
  const condition = Condition.parse(combine(leaves.map((spec) => comparisonOf(spec, at))));
  return { now: at, condition, profile, event };
}

async function bothAnswers({ now: at, condition, profile, event }: Case): Promise<[boolean, boolean]> {
  const collector = new FactCollector();
  const rule = choiceRule(condition, collector);
  const facts = factsFor(collector.all, profile, at);
  const compiled = await engineChooses(rule, { facts, event });
  const evaluated = evaluateCondition(condition, {
    profile,
    aggregates: {},
    event,
    now: at,
    segment: () => false,
  });
  return [evaluated, compiled];
}

describe('evaluateCondition agrees with the compiled Choice rule on the local engine', () => {
  it('for one comparison', async () => {
    await fc.assert(
      fc.asyncProperty(now, fc.array(leaf, { minLength: 1, maxLength: 1 }), async (at, leaves) => {
        // Prepare
        const testCase = buildCase(at, leaves, single);
        // Act
        const [evaluated, compiled] = await bothAnswers(testCase);

        // Assess
        expect(compiled).toBe(evaluated);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('for comparisons combined with all, any and not', async () => {
    const combinator = fc.constantFrom(
      (comparisons: Comparison[]): Condition => ({ all: comparisons }),
      (comparisons: Comparison[]): Condition => ({ any: comparisons }),
      (comparisons: Comparison[]): Condition => ({ not: { any: comparisons } }),
      (comparisons: Comparison[]): Condition => ({
        all: comparisons.map((comparison) => ({ not: comparison })),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        now,
        fc.array(leaf, { minLength: 1, maxLength: 3 }),
        combinator,
        async (at, leaves, combine) => {
          // Prepare
          const testCase = buildCase(at, leaves, combine);
          // Act
          const [evaluated, compiled] = await bothAnswers(testCase);

          // Assess
          expect(compiled).toBe(evaluated);
        },
      ),
      { numRuns: NUM_RUNS / 2 },
    );
  });

  it.each<[string, Comparison, Record<string, unknown>, Record<string, unknown>, boolean]>([
    ['a present profile value, exists: true', { profile: 'plan', exists: true }, { plan: 'pro' }, {}, true],
    ['a null profile value, exists: true', { profile: 'plan', exists: true }, { plan: null }, {}, false],
    [
      'a present event field, exists: false',
      { event: 'detail.cartId', exists: false },
      {},
      { cartId: 'c1' },
      false,
    ],
    ['a missing event field, exists: false', { event: 'detail.cartId', exists: false }, {}, {}, true],
    [
      'an event list holding the needle',
      { event: 'detail.tags', contains: 'pro' },
      {},
      { tags: ['pro'] },
      false,
    ],
    ['a profile list holding the needle', { profile: 'tags', contains: 'pro' }, { tags: ['pro'] }, {}, true],
    [
      'an event text with a star, read literally',
      { event: 'detail.note', contains: 'a*b' },
      {},
      { note: 'axb' },
      false,
    ],
  ])('%s: both sides give the expected answer', async (_label, comparison, profile, detail, expected) => {
    // Prepare
    const testCase: Case = {
      now: new Date('2026-11-23T09:00:00Z'),
      condition: comparison,
      profile,
      event: { id: 'e1', detail: { profileId: 'customer-42', ...detail } },
    };

    // Act
    const [evaluated, compiled] = await bothAnswers(testCase);

    // Assess
    expect({ evaluated, compiled }).toEqual({ evaluated: expected, compiled: expected });
  });

  it('for a text past the longest a condition compares, which the check cuts', async () => {
    const at = new Date('2026-11-23T09:00:00Z');
    for (const value of [AT_LIMIT, ...PAST_LIMIT])
      for (const operator of [
        { operator: 'equals', operand: AT_LIMIT },
        { operator: 'in', operand: ['pro', AT_LIMIT] },
      ] satisfies OperatorSpec[]) {
        // Prepare
        const spec: Leaf = {
          subject: { subject: 'profile', path: 'plan' },
          operator,
          value: { kind: 'literal', value },
          parent: 'object',
        };
        // Act
        const [evaluated, compiled] = await bothAnswers(buildCase(at, [spec], single));
        // Assess
        expect([evaluated, compiled], `${operator.operator} on ${value.length} characters`).toEqual([
          value === AT_LIMIT,
          value === AT_LIMIT,
        ]);
      }
  });

  it('for a text of characters two UTF-16 units long, at the limit and past it', async () => {
    const at = new Date('2026-11-23T09:00:00Z');
    // The limit counts characters: 1,024 emoji are 2,048 units, which a cut by units would break
    const medals = '🥇'.repeat(COMPARED_TEXT_LIMIT);
    for (const value of [medals, `${medals}🥈`, `${medals}${'🥈'.repeat(2_000)}`]) {
      // Prepare
      const spec: Leaf = {
        subject: { subject: 'profile', path: 'plan' },
        operator: { operator: 'equals', operand: medals },
        value: { kind: 'literal', value },
        parent: 'object',
      };
      // Act
      const [evaluated, compiled] = await bothAnswers(buildCase(at, [spec], single));
      // Assess
      expect([evaluated, compiled], `equals on ${value.length} units`).toEqual([
        value === medals,
        value === medals,
      ]);
    }
  });

  it('the random cases reach both answers of every operator', () => {
    // Prepare
    const samples = fc.sample(fc.tuple(now, leaf), { numRuns: 300, seed: 42 });

    // Act
    const seen = new Set<string>();
    for (const [at, spec] of samples) {
      const { condition, profile, event } = buildCase(at, [spec], single);
      const evaluated = evaluateCondition(condition, {
        profile,
        aggregates: {},
        event,
        now: at,
        segment: () => false,
      });
      seen.add(`${spec.operator.operator}:${evaluated}`);
    }

    // Assess: a property that is always false on both sides would prove nothing.
    const operators = [
      'equals',
      'in',
      'exists',
      'gt',
      'gte',
      'lt',
      'lte',
      'within',
      'older-than',
      'before',
      'after',
      'contains',
    ];
    expect([...seen].sort()).toEqual(
      operators.flatMap((operator) => [`${operator}:false`, `${operator}:true`]).sort(),
    );
  });

  it('the compiled rules of every operator pass the engine’s own definition validation', () => {
    // Prepare
    const collector = new FactCollector();
    const comparisons: Comparison[] = [
      { profile: 'plan', equals: 'pro' },
      { event: 'detail.cart-id', in: ['c1', 2, true] },
      { profile: 'company.size', exists: false },
      { event: 'detail.total', gt: 1 },
      { event: 'detail.total', gte: 1 },
      { profile: 'company.size', lt: 1 },
      { profile: 'company.size', lte: 1.5 },
      { profile: 'last-seen', within: '1d12h' },
      { event: 'time', 'older-than': '2w' },
      { event: 'time', before: '2026-11-23T10:00:00+01:00' },
      { profile: 'last-seen', after: '2026-11-23T09:00:00.250Z' },
    ];

    // Act
    const choices = comparisons.map((comparison) => ({ ...choiceRule(comparison, collector), Next: 'Yes' }));
    const build = () =>
      new StateMachine({
        StartAt: 'Decide',
        States: {
          Decide: { Type: 'Choice', Choices: choices, Default: 'No' },
          Yes: { Type: 'Succeed' },
          No: { Type: 'Succeed' },
        },
      });

    // Assess
    expect(build).not.toThrow();
  });
});
