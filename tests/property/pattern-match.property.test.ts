import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventPattern, PatternMatcher } from '../../language/event-pattern.ts';
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
    fc.assert(
      fc.property(leafArb, leafArb, (value, other) => {
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
      fc.property(bytesArb, fc.integer({ min: 1, max: 32 }), (bytes, length) => {
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
