import { isIPv4, isIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventPattern, type PatternMatcher } from '../../language/event-pattern.ts';
import { matchesPattern } from '../../shared/events/pattern-match.ts';

type Leaf = string | number | boolean | null;
type Event = Record<string, unknown>;

/** Field names from a tiny alphabet, so generated patterns and events share fields often. */
const keyArb = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 2 });
/** Never produced by keyArb. */
const ABSENT = 'zz';

const leafArb: fc.Arbitrary<Leaf> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const { value: valueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'event' },
    leafArb,
    fc.array(leafArb, { maxLength: 3 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 3 }),
  ),
}));

const eventArb: fc.Arbitrary<Event> = fc.dictionary(keyArb, valueArb, { minKeys: 1, maxKeys: 4 });

/** A few values and operators over a few fields, so that random patterns match random events. */
const smallValueArb = fc.constantFrom<Leaf>('x', 'xy', 'y', 1, 2, null, true);
const smallEventArb: fc.Arbitrary<Event> = fc.dictionary(
  keyArb,
  fc.oneof(smallValueArb, fc.array(smallValueArb, { maxLength: 2 })),
  { maxKeys: 4 },
);
const smallMatcherArb: fc.Arbitrary<PatternMatcher> = fc.oneof(
  smallValueArb,
  fc.constantFrom<PatternMatcher>(
    { prefix: 'x' },
    { suffix: 'y' },
    { exists: true },
    { exists: false },
    { 'anything-but': 'x' },
    { 'anything-but': [1, 2] },
    { numeric: ['>', 1] },
    { wildcard: '*y' },
  ),
);
const smallPatternArb = (keys: fc.Arbitrary<string>): fc.Arbitrary<EventPattern> =>
  fc.dictionary(keys, fc.array(smallMatcherArb, { minLength: 1, maxLength: 2 }), { minKeys: 1, maxKeys: 2 });

function isLeaf(value: unknown): value is Leaf {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isRecord(value: unknown): value is Event {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The pattern that asks for every leaf value the event has, at the same place. */
function patternFromEvent(event: Event): EventPattern | undefined {
  const pattern: EventPattern = {};
  for (const [field, value] of Object.entries(event)) {
    const leaves = (Array.isArray(value) ? value : [value]).filter(isLeaf);
    const nested = isRecord(value) ? patternFromEvent(value) : undefined;
    if (leaves.length > 0) pattern[field] = leaves;
    else if (nested !== undefined) pattern[field] = nested;
  }
  return Object.keys(pattern).length > 0 ? pattern : undefined;
}

/** A wildcard that matches exactly `text`: `*` and `\` escaped with a backslash. */
function escapeWildcard(text: string): string {
  return text.replace(/[\\*]/g, '\\$&');
}

const COMPARE: Record<'=' | '<' | '<=' | '>' | '>=', (x: number, bound: number) => boolean> = {
  '=': (x, bound) => x === bound,
  '<': (x, bound) => x < bound,
  '<=': (x, bound) => x <= bound,
  '>': (x, bound) => x > bound,
  '>=': (x, bound) => x >= bound,
};
const operatorArb = fc.constantFrom<'=' | '<' | '<=' | '>' | '>='>('=', '<', '<=', '>', '>=');
const numberArb = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true, min: -1e9, max: 1e9 }));

describe('matchesPattern properties', () => {
  it('matches an event with the pattern built from its own leaf values', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const pattern = patternFromEvent(event);
        fc.pre(pattern !== undefined);

        const matched = pattern !== undefined && matchesPattern(pattern, event);

        expect(matched).toBe(true);
      }),
    );
  });

  it('never matches a field with anything-but its own value, alone or in a list', () => {
    // "lists that contain only strings, or only numbers" (EventBridge user guide)
    const sameTypeArb = fc.oneof(
      fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
      fc.tuple(numberArb, numberArb),
    );
    fc.assert(
      fc.property(sameTypeArb, ([value, other]) => {
        const event = { detail: { field: value } };

        const matched = [
          matchesPattern({ detail: { field: [{ 'anything-but': value }] } }, event),
          matchesPattern({ detail: { field: [{ 'anything-but': [other, value] }] } }, event),
        ];

        expect(matched).toEqual([false, false]);
      }),
    );
  });

  it('matches $or of two patterns exactly when one of them matches', () => {
    fc.assert(
      fc.property(smallPatternArb(keyArb), smallPatternArb(keyArb), smallEventArb, (first, second, event) => {
        const either = matchesPattern(first, event) || matchesPattern(second, event);

        const matched = matchesPattern({ $or: [first, second] }, event);

        expect(matched).toBe(either);
      }),
    );
  });

  it('matches patterns on disjoint fields together exactly when both match', () => {
    const leftKeys = fc.constantFrom('a', 'b');
    const rightKeys = fc.constantFrom('c', 'cc');
    fc.assert(
      fc.property(
        smallPatternArb(leftKeys),
        smallPatternArb(rightKeys),
        smallEventArb,
        (left, right, event) => {
          const both = matchesPattern(left, event) && matchesPattern(right, event);

          const matched = matchesPattern({ ...left, ...right }, event);

          expect(matched).toBe(both);
        },
      ),
    );
  });

  it('matches a string on its own prefix and suffix, case-sensitively or not', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), (text, cut) => {
        const length = cut % (text.length + 1);
        const head = text.slice(0, length);
        const tail = text.slice(length);
        const event = { field: text };

        const matched = [
          matchesPattern({ field: [{ prefix: head }] }, event),
          matchesPattern({ field: [{ suffix: tail }] }, event),
          matchesPattern({ field: [{ prefix: { 'equals-ignore-case': head.toUpperCase() } }] }, event),
          matchesPattern({ field: [{ suffix: { 'equals-ignore-case': tail.toLowerCase() } }] }, event),
          matchesPattern({ field: [{ 'anything-but': { prefix: head } }] }, event),
        ];

        expect(matched).toEqual([true, true, true, true, false]);
      }),
    );
  });

  it('matches a string with its escaped self as a wildcard, and with any infix starred out', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (head, middle, tail) => {
        const event = { field: head + middle + tail };

        const matched = [
          matchesPattern({ field: [{ wildcard: escapeWildcard(head + middle + tail) }] }, event),
          matchesPattern({ field: [{ wildcard: `${escapeWildcard(head)}*${escapeWildcard(tail)}` }] }, event),
        ];

        expect(matched).toEqual([true, true]);
      }),
    );
  });

  it('matches exists: false and not exists: true on a field the event lacks, at any depth', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const matched = [
          matchesPattern({ [ABSENT]: [{ exists: false }] }, event),
          matchesPattern({ [ABSENT]: [{ exists: true }] }, event),
          matchesPattern({ [ABSENT]: { inner: [{ exists: false }] } }, event),
          matchesPattern({ [ABSENT]: [{ 'anything-but': 'x' }] }, event),
        ];

        expect(matched).toEqual([true, false, true, false]);
      }),
    );
  });

  it('agrees with plain comparisons for numeric operators and ranges', () => {
    fc.assert(
      fc.property(numberArb, numberArb, numberArb, operatorArb, (x, low, high, operator) => {
        const event = { n: x, text: String(x) };

        const matched = [
          matchesPattern({ n: [{ numeric: [operator, low] }] }, event),
          matchesPattern({ n: [{ numeric: ['>=', low, '<', high] }] }, event),
          matchesPattern({ text: [{ numeric: [operator, low] }] }, event),
        ];

        expect(matched).toEqual([COMPARE[operator](x, low), low <= x && x < high, false]);
      }),
    );
  });

  it('contains an IPv4 address in the blocks built from its own prefix, and no other', () => {
    const bytesArb = fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      // AWS refuses /32 ("IPv4 mask bits must be < 32", event-ruler's CIDR.java).
      fc.property(bytesArb, fc.integer({ min: 1, max: 31 }), (bytes, length) => {
        const address = bytes.join('.');
        const networkNumber =
          (bytes.reduce((n, byte) => n * 256 + byte, 0) >>> (32 - length)) << (32 - length);
        const toDotted = (n: number) => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
        const outside = toDotted((networkNumber ^ (1 << (32 - length))) >>> 0);

        const matched = [
          matchesPattern({ ip: [{ cidr: `${toDotted(networkNumber >>> 0)}/${length}` }] }, { ip: address }),
          matchesPattern({ ip: [{ cidr: `${address}/${length}` }] }, { ip: outside }),
        ];

        expect(matched).toEqual([true, false]);
      }),
    );
  });

  it('gives a reused pattern object the same answers as a fresh copy (the compile cache is per pattern)', () => {
    fc.assert(
      fc.property(smallPatternArb(keyArb), fc.array(smallEventArb, { maxLength: 4 }), (pattern, events) => {
        const reused = events.map((event) => matchesPattern(pattern, event));

        const fresh = events.map((event) => matchesPattern(structuredClone(pattern), event));

        expect(reused).toEqual(fresh);
      }),
    );
  });
});

// --- Patterns of any shape ----------------------------------------------------------------------

/** The matcher's type says pattern, but stored and hand-written patterns reach it unchecked. */
function matchesUnchecked(pattern: unknown, event: unknown): boolean {
  return matchesPattern(pattern as EventPattern, event);
}

/**
 * What PutRule accepts, written from the EventBridge user guide and event-ruler's JsonRuleCompiler
 * apart from language/, so that the schema is checked against AWS's grammar and not against
 * itself: a non-empty object of fields; a field lists values (string, number, boolean, null) and
 * operator objects, or nests a pattern; "$or" lists two patterns or more, in which no field may
 * bear an operator's name.
 */
function awsAccepts(pattern: unknown, insideOr = false): boolean {
  if (!isRecord(pattern) || Object.keys(pattern).length === 0) return false;
  return Object.entries(pattern).every(([field, value]) => {
    if (field === '$or') {
      return Array.isArray(value) && value.length >= 2 && value.every((branch) => awsAccepts(branch, true));
    }
    if (field === '' || (insideOr && RESERVED_IN_OR.includes(field))) return false;
    if (Array.isArray(value)) return value.length > 0 && value.every(isAcceptedValue);
    return awsAccepts(value, insideOr);
  });
}

const RESERVED_IN_OR = [
  ...['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'],
  ...['exactly', '=', '<', '<=', '>', '>=', 'regex', 'not-wildcard', 'not-equals-ignore-case'],
  ...['date-after', 'date-on-or-after', 'date-before', 'date-on-or-before', 'in-date-range'],
  ...['ip-address-in-range', 'ip-address-not-in-range'],
];

function isAcceptedValue(value: unknown): boolean {
  if (isJsonScalar(value)) return true;
  const entries = isRecord(value) ? Object.entries(value) : [];
  const [operator, operand] = entries[0] ?? [];
  return entries.length === 1 && acceptsOperand(operator, operand);
}

function acceptsOperand(operator: unknown, operand: unknown): boolean {
  switch (operator) {
    case 'prefix':
    case 'suffix':
      return typeof operand === 'string' || isIgnoringCase(operand);
    case 'equals-ignore-case':
      return typeof operand === 'string';
    case 'wildcard':
      return isWildcard(operand);
    case 'numeric':
      return isNumericExpression(operand);
    case 'exists':
      return typeof operand === 'boolean';
    case 'cidr':
      return isCidr(operand);
    case 'anything-but':
      return isAnythingBut(operand);
    default:
      return false;
  }
}

function isIgnoringCase(operand: unknown): boolean {
  return (
    isRecord(operand) &&
    Object.keys(operand).join() === 'equals-ignore-case' &&
    typeof operand['equals-ignore-case'] === 'string'
  );
}

/** Characters, `\*` or `\\` escapes, and single `*`s: no `**`, no other escape. */
function isWildcard(operand: unknown): boolean {
  return typeof operand === 'string' && /^(?:[^\\*]|\\[\\*]|\*(?!\*))*$/s.test(operand);
}

function isNumericExpression(operand: unknown): boolean {
  if (!Array.isArray(operand)) return false;
  const [operator, bound, closer, top] = operand;
  if (operand.length === 2) return ['=', '<', '<=', '>', '>='].includes(operator) && isFiniteNumber(bound);
  return (
    operand.length === 4 &&
    ['>', '>='].includes(operator) &&
    ['<', '<='].includes(closer) &&
    isFiniteNumber(bound) &&
    isFiniteNumber(top) &&
    bound < top
  );
}

/** CIDR.java: one slash, then IPv4 up to /31 or IPv6 (no embedded IPv4, no zone) up to /127. */
function isCidr(operand: unknown): boolean {
  if (typeof operand !== 'string') return false;
  const [address = '', bits = '', ...rest] = operand.split('/');
  if (rest.length > 0 || !/^\d{1,3}$/.test(bits)) return false;
  if (isIPv4(address)) return Number(bits) <= 31;
  return isIPv6(address) && !/[.%]/.test(address) && Number(bits) <= 127;
}

function isAnythingBut(operand: unknown): boolean {
  if (typeof operand === 'string' || isFiniteNumber(operand)) return true;
  if (Array.isArray(operand)) {
    return (
      operand.length > 0 && (operand.every((v) => typeof v === 'string') || operand.every(isFiniteNumber))
    );
  }
  const entries = isRecord(operand) ? Object.entries(operand) : [];
  const [operator, value] = entries[0] ?? [];
  if (entries.length !== 1) return false;
  if (operator === 'prefix' || operator === 'suffix') return typeof value === 'string' && value !== '';
  const list = Array.isArray(value) ? value : [value];
  if (operator === 'equals-ignore-case') return list.length > 0 && list.every((v) => typeof v === 'string');
  return operator === 'wildcard' && list.length > 0 && list.every(isWildcard);
}

function isJsonScalar(value: unknown): boolean {
  return value === null || ['string', 'boolean'].includes(typeof value) || isFiniteNumber(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Near misses of every rule: the texts, numbers, names and operands that AWS accepts or refuses. */
const textArb = fc.constantFrom(
  ...['', 'x', 'ab', '$', '*', '**', 'a*b', 'a\\*', 'a\\', 'a\\x', '\\\\', 'foo'],
  ...['10.0.0.0/24', '10.0.0.1/32', '10.0.0.0/31', '010.0.0.0/8', '1.2.3.256/8', '10.0.0.0'],
  ...['2001:db8::/32', '::/0', '2001:db8::/128', '::ffff:10.0.0.1/120', '10.0.0.0/24/'],
);
const rawNumberArb = fc.constantFrom(0, 1, -2.5, 3, 1e9, Number.POSITIVE_INFINITY);
const junkArb = fc.oneof(textArb, rawNumberArb, fc.boolean(), fc.constant(null));
const comparisonArb = fc.constantFrom('=', '<', '<=', '>', '>=', '!=');
const operatorNameArb = fc.constantFrom(
  ...['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'],
  ...['exactly', 'contains'],
);
const innerOperatorArb = fc.constantFrom('prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'exists');
const operandArb: fc.Arbitrary<unknown> = fc.oneof(
  junkArb,
  fc.array(junkArb, { maxLength: 3 }),
  fc.tuple(comparisonArb, rawNumberArb),
  fc.tuple(comparisonArb, rawNumberArb, comparisonArb, rawNumberArb),
  fc.dictionary(innerOperatorArb, fc.oneof(junkArb, fc.array(junkArb, { maxLength: 2 })), {
    maxKeys: 2,
    noNullPrototype: true,
  }),
);
const matcherLikeArb: fc.Arbitrary<unknown> = fc.oneof(
  junkArb,
  fc.dictionary(operatorNameArb, operandArb, { maxKeys: 2, noNullPrototype: true }),
  fc.array(junkArb, { maxLength: 1 }),
);
const fieldNameArb = fc.constantFrom('a', 'b', 'a.b', '', '$or', 'prefix', 'exactly', '>=');
const { pattern: patternLikeArb } = fc.letrec<{ pattern: unknown; field: unknown }>((tie) => ({
  pattern: fc.dictionary(fieldNameArb, tie('field'), { maxKeys: 3, noNullPrototype: true }),
  field: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'pattern-like' },
    fc.array(matcherLikeArb, { maxLength: 3 }),
    junkArb,
    tie('pattern'),
    fc.array(tie('pattern'), { maxLength: 3 }),
  ),
}));

/** Patterns AWS accepts by construction, every operator form among them. */
const validValueArb: fc.Arbitrary<PatternMatcher> = fc.oneof(
  fc.constantFrom<PatternMatcher>('x', '', 2, -0.5, true, null),
  fc.string({ maxLength: 3 }).map((text) => ({ prefix: text })),
  fc.string({ maxLength: 3 }).map((text) => ({ suffix: { 'equals-ignore-case': text } })),
  fc.constantFrom<PatternMatcher>(
    { 'equals-ignore-case': 'X' },
    { wildcard: 'x*\\**' },
    { 'anything-but': 'x' },
    { 'anything-but': [1, 2.5] },
    { 'anything-but': { prefix: 'x' } },
    { 'anything-but': { suffix: 'y' } },
    { 'anything-but': { 'equals-ignore-case': ['X', 'Y'] } },
    { 'anything-but': { wildcard: ['*x', 'y\\\\*'] } },
    { numeric: ['<=', 1] },
    { numeric: ['>', 0, '<', 0.5] },
    { exists: true },
    { exists: false },
    { cidr: '10.0.0.0/31' },
    { cidr: '2001:db8::/127' },
  ),
);
const { pattern: validPatternArb } = fc.letrec<{ pattern: EventPattern; field: EventPattern[string] }>(
  (tie) => ({
    pattern: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('field'), {
      minKeys: 1,
      maxKeys: 3,
      noNullPrototype: true,
    }),
    field: fc.oneof(
      { maxDepth: 3, depthIdentifier: 'valid' },
      fc.array(validValueArb, { minLength: 1, maxLength: 3 }),
      tie('pattern'),
    ),
  }),
);
/** Some with an "$or" of two patterns or more beside their fields. */
const validOrArb: fc.Arbitrary<EventPattern> = fc
  .tuple(
    validPatternArb,
    fc.option(fc.array(validPatternArb, { minLength: 2, maxLength: 3 }), { nil: undefined }),
  )
  .map(([pattern, branches]) => (branches === undefined ? pattern : { ...pattern, $or: branches }));

/** Events whose arrays hold objects as well as leaves, so that array consistency comes into play. */
const { value: nestedValueArb } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'nested-event' },
    smallValueArb,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 3 }),
    fc.array(fc.dictionary(keyArb, tie('value'), { maxKeys: 3 }), { minLength: 2, maxLength: 3 }),
  ),
}));
const nestedEventArb = fc.dictionary(keyArb, nestedValueArb, { maxKeys: 3 });

/** The leaves at `path`, every array on the way flattened. */
function leavesAt(value: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((element) => leavesAt(element, path));
  const [step, ...rest] = path;
  if (step === undefined) return isLeaf(value) ? [value] : [];
  return isRecord(value) && Object.hasOwn(value, step) ? leavesAt(value[step], rest) : [];
}

/** A pattern AWS accepts but for one value or operator, planted in a field of its own or nested. */
const plantedArb: fc.Arbitrary<unknown> = fc
  .tuple(validOrArb, matcherLikeArb, fc.boolean())
  .map(([pattern, matcher, nested]) => ({ ...pattern, z: nested ? { y: ['x', matcher] } : [matcher] }));

describe('matchesPattern on patterns of any shape', () => {
  it('never throws, whatever the pattern and the event', () => {
    const anyPatternArb = fc.oneof(fc.anything(), patternLikeArb, validOrArb);
    const anyEventArb = fc.oneof(fc.anything(), eventArb, nestedEventArb);
    fc.assert(
      fc.property(anyPatternArb, anyEventArb, (pattern, event) => {
        const match = () => matchesUnchecked(pattern, event);

        expect(match).not.toThrow();
      }),
    );
  });

  it('is validated by the schema exactly as AWS accepts it when the rule is created', () => {
    fc.assert(
      fc.property(fc.oneof(patternLikeArb, validOrArb, plantedArb), (pattern) => {
        const schemaAccepts = EventPattern.safeParse(pattern).success;

        expect(schemaAccepts).toBe(awsAccepts(pattern));
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts every pattern built from the grammar', () => {
    fc.assert(
      fc.property(validOrArb, (pattern) => {
        const verdicts = [EventPattern.safeParse(pattern).success, awsAccepts(pattern)];

        expect(verdicts).toEqual([true, true]);
      }),
    );
  });

  it('matches no event with a pattern the schema refuses', () => {
    fc.assert(
      fc.property(
        fc.oneof(patternLikeArb, plantedArb),
        fc.array(nestedEventArb, { maxLength: 3 }),
        (pattern, events) => {
          fc.pre(!EventPattern.safeParse(pattern).success);

          const matched = events.filter((event) => matchesUnchecked(pattern, event));

          expect(matched).toEqual([]);
        },
      ),
    );
  });

  it('holds exists: false exactly when no element of any array has a leaf at that path', () => {
    fc.assert(
      fc.property(nestedEventArb, (event) => {
        const present = leavesAt(event, ['a', 'b']).length > 0;

        const matched = [
          matchesPattern({ a: { b: [{ exists: false }] } }, event),
          matchesPattern({ a: { b: [{ exists: true }] } }, event),
        ];

        expect(matched).toEqual([!present, present]);
      }),
      { numRuns: 300 },
    );
  });
  it('answers for an event as for the same event with each object in a list of one', () => {
    // One element is always consistent with itself, so the lists change no answer; they take the
    // matcher from reading fields straight off the event to matching them in array-consistent order.
    fc.assert(
      fc.property(fc.oneof(validOrArb, smallNestedPatternArb), nestedEventArb, (pattern, event) => {
        const direct = matchesPattern(pattern, event);
        const listed = matchesPattern(pattern, mapFields(event, inListsOfOne));

        expect(listed).toBe(direct);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Small values and operators, `exists: false` among them, over the fields of nestedEventArb. */
const { pattern: smallNestedPatternArb } = fc.letrec<{ pattern: EventPattern; field: EventPattern[string] }>(
  (tie) => ({
    pattern: fc.dictionary(fc.constantFrom('a', 'b'), tie('field'), { minKeys: 1, maxKeys: 2 }),
    field: fc.oneof(
      { maxDepth: 2, depthIdentifier: 'small-nested' },
      fc.array(smallMatcherArb, { minLength: 1, maxLength: 2 }),
      tie('pattern'),
    ),
  }),
);

function inListsOfOne(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inListsOfOne);
  return isRecord(value) ? [mapFields(value, inListsOfOne)] : value;
}

function mapFields(event: Event, map: (value: unknown) => unknown): Event {
  return Object.fromEntries(Object.entries(event).map(([field, value]) => [field, map(value)]));
}
