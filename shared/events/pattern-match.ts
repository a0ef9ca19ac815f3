import type { EventPattern, PatternMatcher } from '../../language/event-pattern.ts';
import { PATTERN_OPERATOR_KEYS } from '../../language/pattern-operator-keys.ts';
import { cidrContains, parseCidr } from './ip-cidr.ts';

/**
 * Parcours' own EventBridge event-pattern matcher, used by the local bus so journeys trigger
 * locally exactly as they would on AWS. Semantics follow the EventBridge user guide
 * (eb-create-pattern, eb-event-patterns-arrays, eb-event-patterns-null-values,
 * eb-event-patterns-content-based-filtering, eb-create-pattern-operators):
 * - every field named in the pattern must match (AND); a field's value list matches if any entry
 *   matches (OR); `$or` at any level matches if any of its sub-patterns matches;
 * - a leaf is a string, number, boolean or null; an array in the event contributes each element
 *   (flattened), so the field matches if any element does; an object is not a leaf;
 * - `exists: true` needs at least one leaf (null counts, an object or empty array does not);
 *   `exists: false` needs none, so a missing parent or a non-leaf value satisfies it;
 * - `anything-but` needs a present leaf that is not excluded: a missing field never matches, while
 *   null, booleans and numbers are "anything but" a string prefix, suffix, wildcard or value;
 * - `prefix`, `suffix`, `equals-ignore-case`, `wildcard` and `cidr` only match strings,
 *   `numeric` only JSON numbers.
 * Patterns are compiled once into closures and cached by object identity, since the local bus
 * runs every rule's pattern against every event.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  // An EventBridge event is always a JSON object; anything else has no fields to match.
  return isRecord(event) && compiledPattern(pattern)(event);
}

type Leaf = string | number | boolean | null;
type LeafTest = (leaf: Leaf) => boolean;
type ObjectTest = (object: Record<string, unknown> | undefined) => boolean;

/** Keyed by the pattern object: a pattern must not be mutated once it has been matched. */
const cache = new WeakMap<EventPattern, ObjectTest>();

function compiledPattern(pattern: EventPattern): ObjectTest {
  let test = cache.get(pattern);
  if (test === undefined) {
    test = compileObject(pattern);
    cache.set(pattern, test);
  }
  return test;
}

function compileObject(pattern: EventPattern): ObjectTest {
  const fieldTests = Object.entries(pattern).map(([field, value]) => compileField(field, value));
  return (object) => fieldTests.every((test) => test(object));
}

function compileField(field: string, value: EventPattern[string]): ObjectTest {
  if (field === '$or' && Array.isArray(value)) {
    const branches = value.filter(isSubPattern).map(compileObject);
    return (object) => branches.some((branch) => branch(object));
  }
  if (Array.isArray(value)) {
    const test = compileMatcherList(value.filter(isPatternMatcher));
    return (object) => test(fieldOf(object, field));
  }
  const nested = compileObject(value);
  return (object) => matchNested(nested, fieldOf(object, field));
}

/**
 * A nested pattern applies to the object at that field. An array of objects matches if one
 * element does (the event-ruler README's "array-consistent" matching: conditions never combine
 * fields from different elements); a missing or scalar value is an object with no fields, so only
 * `exists: false` and `$or` branches made of them can match it.
 */
function matchNested(test: ObjectTest, value: unknown): boolean {
  if (isRecord(value)) return test(value);
  if (!Array.isArray(value)) return test(undefined);
  const elements = value.flat(Number.POSITIVE_INFINITY).filter(isRecord);
  return elements.length === 0 ? test(undefined) : elements.some((element) => test(element));
}

function compileMatcherList(matchers: PatternMatcher[]): (value: unknown) => boolean {
  let existsTrue = false;
  let existsFalse = false;
  const leafTests: LeafTest[] = [];
  for (const matcher of matchers) {
    if (isRecord(matcher) && 'exists' in matcher) {
      if (matcher.exists === true) existsTrue = true;
      else existsFalse = true;
    } else {
      leafTests.push(compileMatcher(matcher));
    }
  }
  const anyTest: LeafTest = (leaf) => leafTests.some((test) => test(leaf));
  return (value) => {
    if (existsTrue || existsFalse) {
      const present = someLeaf(value, () => true);
      if (present ? existsTrue : existsFalse) return true;
    }
    return leafTests.length > 0 && someLeaf(value, anyTest);
  };
}

function compileMatcher(matcher: PatternMatcher): LeafTest {
  if (!isRecord(matcher)) return (leaf) => leaf === matcher;
  if ('prefix' in matcher) return stringTest(matcher.prefix, (value, p) => value.startsWith(p));
  if ('suffix' in matcher) return stringTest(matcher.suffix, (value, s) => value.endsWith(s));
  if ('equals-ignore-case' in matcher) return ignoreCaseTest(matcher['equals-ignore-case']);
  if ('wildcard' in matcher) return regexTest(wildcardRegExp(matcher.wildcard));
  if ('numeric' in matcher) return numericTest(matcher.numeric);
  if ('cidr' in matcher) return cidrTest(matcher.cidr);
  if ('anything-but' in matcher) return anythingButTest(matcher['anything-but']);
  // `exists` is handled by the caller; an unknown operator (rejected by the schema) matches nothing.
  return () => false;
}

type AnythingBut = Extract<PatternMatcher, { 'anything-but': unknown }>['anything-but'];

/** `anything-but` matches a present leaf that the excluded value, list or operator does not match. */
function anythingButTest(excluded: AnythingBut): LeafTest {
  let excludedTest: LeafTest;
  if (Array.isArray(excluded)) {
    const values = new Set<Leaf>(excluded);
    excludedTest = (leaf) => values.has(leaf);
  } else if (!isRecord(excluded)) {
    excludedTest = (leaf) => leaf === excluded;
  } else if ('prefix' in excluded) {
    excludedTest = stringTest(excluded.prefix, (value, p) => value.startsWith(p));
  } else if ('suffix' in excluded) {
    excludedTest = stringTest(excluded.suffix, (value, s) => value.endsWith(s));
  } else if ('equals-ignore-case' in excluded) {
    excludedTest = anyOf(toList(excluded['equals-ignore-case']).map(ignoreCaseTest));
  } else {
    excludedTest = anyOf(toList(excluded.wildcard).map((w) => regexTest(wildcardRegExp(w))));
  }
  return (leaf) => !excludedTest(leaf);
}

/** `prefix`/`suffix` take a string, or `{ "equals-ignore-case": string }` to ignore case. */
function stringTest(
  operand: string | { 'equals-ignore-case': string },
  test: (value: string, operand: string) => boolean,
): LeafTest {
  if (typeof operand === 'string') return (leaf) => typeof leaf === 'string' && test(leaf, operand);
  const lower = operand['equals-ignore-case'].toLowerCase();
  return (leaf) => typeof leaf === 'string' && test(leaf.toLowerCase(), lower);
}

function ignoreCaseTest(expected: string): LeafTest {
  const lower = expected.toLowerCase();
  return (leaf) => typeof leaf === 'string' && leaf.toLowerCase() === lower;
}

function regexTest(regExp: RegExp): LeafTest {
  return (leaf) => typeof leaf === 'string' && regExp.test(leaf);
}

/**
 * `*` matches any run of characters (including none); `\*` is a literal asterisk and `\\` a
 * literal backslash. AWS rejects other escapes; here a stray backslash is kept as a literal.
 */
function wildcardRegExp(wildcard: string): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i++) {
    const char = wildcard.charAt(i);
    const next = wildcard.charAt(i + 1);
    if (char === '\\' && (next === '*' || next === '\\')) {
      source += escapeRegExp(next);
      i++;
    } else {
      source += char === '*' ? '.*' : escapeRegExp(char);
    }
  }
  // `s` so that `*` also spans line breaks inside the value.
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const COMPARISONS: Record<string, (value: number, bound: number) => boolean> = {
  '=': (value, bound) => value === bound,
  '<': (value, bound) => value < bound,
  '<=': (value, bound) => value <= bound,
  '>': (value, bound) => value > bound,
  '>=': (value, bound) => value >= bound,
};

/** `["<op>", n]` or `["<op>", n, "<op>", n]`, all of which must hold; only numbers match. */
function numericTest(items: ReadonlyArray<string | number>): LeafTest {
  const checks: Array<(value: number) => boolean> = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const operator = items[i];
    const bound = items[i + 1];
    const compare = typeof operator === 'string' ? COMPARISONS[operator] : undefined;
    if (compare === undefined || typeof bound !== 'number') return () => false;
    checks.push((value) => compare(value, bound));
  }
  return (leaf) => typeof leaf === 'number' && checks.every((check) => check(leaf));
}

function cidrTest(cidr: string): LeafTest {
  const block = parseCidr(cidr);
  if (block === undefined) return () => false;
  return (leaf) => typeof leaf === 'string' && cidrContains(block, leaf);
}

/** Whether any leaf of `value` (itself, or the flattened elements of an array) passes `test`. */
function someLeaf(value: unknown, test: LeafTest): boolean {
  if (Array.isArray(value)) return value.some((element) => someLeaf(element, test));
  return isLeaf(value) && test(value);
}

function fieldOf(object: Record<string, unknown> | undefined, field: string): unknown {
  // Own properties only, so a field named "constructor" or "toString" is not found on every event.
  return object !== undefined && Object.hasOwn(object, field) ? object[field] : undefined;
}

function anyOf(tests: LeafTest[]): LeafTest {
  return (leaf) => tests.some((test) => test(leaf));
}

function toList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function isLeaf(value: unknown): value is Leaf {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Under `$or`, list entries are sub-patterns (the schema requires it). */
function isSubPattern(item: PatternMatcher | EventPattern): item is EventPattern {
  return isRecord(item);
}

/** Elsewhere, list entries are values or operator objects (the schema requires it). */
function isPatternMatcher(item: PatternMatcher | EventPattern): item is PatternMatcher {
  return !isRecord(item) || Object.keys(item).every((key) => PATTERN_OPERATOR_KEYS.has(key));
}
