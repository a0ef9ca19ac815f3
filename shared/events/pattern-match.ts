import type { EventPattern } from '../../language/event-pattern.ts';
import { ipFamily, patternProblem } from '../../language/pattern-operator-keys.ts';
import { type CidrBlock, cidrContains, parseCidr, parseIpAddress } from './ip-cidr.ts';

/**
 * Parcours' own EventBridge event-pattern matcher, used by the local bus so journeys trigger
 * locally exactly as they would on AWS. Semantics follow the EventBridge user guide (event
 * patterns, arrays, null values, content filtering, comparison operators) and, where the guide is
 * silent, aws/event-ruler, the library EventBridge matches with (rulesForJSONEvent):
 * - a pattern AWS would refuse (language/pattern-operator-keys.ts) matches no event: it could
 *   never be deployed;
 * - the event is flattened into leaves (string, number, boolean, null) named by their dotted path;
 *   an array contributes each element, and an object or an empty array no leaf of its own;
 * - `$or` is expanded into branches; a branch matches if every field it names matches (AND), a
 *   field if one of its leaves matches one of its values (OR);
 * - fields are matched in the order of their dotted paths, and never combine leaves from different
 *   elements of one array (event-ruler's "array-consistent" matching);
 * - `exists: true` needs a leaf at that path, null included; `exists: false` needs none that is
 *   array-consistent with the fields matched before it. "Exists matching works on the presence or
 *   absence of a field in the JSON of the event" (user guide), and in an array of objects "any
 *   contained objects are treated as if they are the value of the parent field" (event-ruler
 *   README, JSON Array Matching): `{ "a": [{ "b": 1 }, { "c": 1 }] }` has an `a.b`;
 * - `anything-but` needs a present leaf that is not excluded: a missing field never matches, while
 *   null, booleans and numbers are "anything but" a string prefix, suffix, wildcard or value;
 * - `prefix`, `suffix`, `equals-ignore-case`, `wildcard` and `cidr` only match strings, `numeric`
 *   only JSON numbers.
 * Patterns are compiled once and cached by object identity, since the local bus runs every rule's
 * pattern against every event.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  // An EventBridge event is always a JSON object; anything else has no fields to match.
  if (!isRecord(event)) return false;
  const branches = compiledPattern(pattern);
  if (branches.length === 0) return false;
  const fields = flatten(event);
  return branches.some((branch) => matchesBranch(branch, fields, 0, NO_ARRAYS));
}

type Leaf = string | number | boolean | null;
type LeafTest = (leaf: Leaf) => boolean;

/** One field of a branch: the test its list of values makes, and whether it lists `exists: false`. */
type Condition = { readonly path: string; readonly test: LeafTest; readonly absent: boolean };
type Branch = readonly Condition[];

/** For each array a leaf sits in, by the array's number in the event, the element it sits in. */
type Arrays = ReadonlyMap<number, number>;
type Field = { readonly value: Leaf; readonly arrays: Arrays };
type Fields = ReadonlyMap<string, readonly Field[]>;

const NO_ARRAYS: Arrays = new Map();
const NEVER: LeafTest = () => false;
const ANY_LEAF: LeafTest = () => true;

// --- Compiling a pattern into branches ----------------------------------------------------------

/** Keyed by the pattern object: a pattern must not be mutated once it has been matched. */
const cache = new WeakMap<object, readonly Branch[]>();

function compiledPattern(pattern: EventPattern): readonly Branch[] {
  // Typed as a pattern, but stored and hand-written patterns reach here unchecked: a pattern of
  // any other shape matches nothing, and is no key for the cache.
  if (!isRecord(pattern)) return [];
  let branches = cache.get(pattern);
  if (branches === undefined) {
    branches =
      patternProblem(pattern) === undefined ? expandObject(pattern, undefined, [new Map()]).map(sorted) : [];
    cache.set(pattern, branches);
  }
  return branches;
}

/** A branch as it is built: its conditions by path (a later one for the same path replaces it, as in event-ruler). */
type Draft = ReadonlyMap<string, Omit<Condition, 'path'>>;

function expandObject(
  pattern: Record<string, unknown>,
  prefix: string | undefined,
  drafts: readonly Draft[],
): readonly Draft[] {
  return Object.entries(pattern).reduce<readonly Draft[]>(
    (current, [field, value]) => expandField(field, value, prefix, current),
    drafts,
  );
}

/** `$or` multiplies the branches so far by its own; a list adds a condition; an object nests. */
function expandField(
  field: string,
  value: unknown,
  prefix: string | undefined,
  drafts: readonly Draft[],
): readonly Draft[] {
  if (field === '$or' && Array.isArray(value)) {
    return value.filter(isRecord).flatMap((branch) => expandObject(branch, prefix, drafts));
  }
  const path = joinPath(prefix, field);
  if (Array.isArray(value)) {
    const condition = compileCondition(value);
    return drafts.map((draft) => new Map(draft).set(path, condition));
  }
  return isRecord(value) ? expandObject(value, path, drafts) : [];
}

/**
 * event-ruler matches a branch's fields in the order of their names (GenericMachine.addPatternRule
 * sorts them), which decides what `exists: false` is checked against. Plain `<` compares UTF-16
 * code units, as Java's String.compareTo does.
 */
function sorted(draft: Draft): Branch {
  return [...draft]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, condition]) => ({ path, ...condition }));
}

function compileCondition(values: readonly unknown[]): Omit<Condition, 'path'> {
  const tests = values.filter((value) => !isExists(value, false)).map(compileMatcher);
  return {
    test: (leaf) => tests.some((test) => test(leaf)),
    absent: values.some((value) => isExists(value, false)),
  };
}

/** A valid value or operator (the pattern was checked): the fallbacks only satisfy the types. */
function compileMatcher(matcher: unknown): LeafTest {
  if (!isRecord(matcher)) return (leaf) => leaf === matcher;
  const [entry] = Object.entries(matcher);
  const [operator, operand] = entry ?? [];
  switch (operator) {
    case 'prefix':
      return affixTest(operand, (value, prefix) => value.startsWith(prefix));
    case 'suffix':
      return affixTest(operand, (value, suffix) => value.endsWith(suffix));
    case 'equals-ignore-case':
      return typeof operand === 'string' ? ignoreCaseTest(operand) : NEVER;
    case 'wildcard':
      return typeof operand === 'string' ? wildcardTest(operand) : NEVER;
    case 'numeric':
      return numericTest(operand);
    case 'cidr':
      return typeof operand === 'string' ? cidrTest(operand) : NEVER;
    case 'exists':
      // `exists: false` is the condition's `absent`, checked against the field's name.
      return operand === true ? ANY_LEAF : NEVER;
    case 'anything-but': {
      const excluded = excludedTest(operand);
      return (leaf) => !excluded(leaf);
    }
    default:
      return NEVER;
  }
}

/** What an `anything-but` excludes: a value, a list of values, or one operator's matches. */
function excludedTest(operand: unknown): LeafTest {
  if (Array.isArray(operand)) {
    const values = new Set<unknown>(operand);
    return (leaf) => values.has(leaf);
  }
  if (!isRecord(operand)) return (leaf) => leaf === operand;
  const [entry] = Object.entries(operand);
  const [operator, excluded] = entry ?? [];
  if (operator === 'prefix' || operator === 'suffix') return compileMatcher({ [operator]: excluded });
  if (operator === 'equals-ignore-case') return anyOf(strings(excluded).map(ignoreCaseTest));
  if (operator === 'wildcard') return anyOf(strings(excluded).map(wildcardTest));
  return ANY_LEAF;
}

/** `prefix`/`suffix` take a string, or `{ "equals-ignore-case": string }` to ignore case. */
function affixTest(operand: unknown, test: (value: string, affix: string) => boolean): LeafTest {
  if (typeof operand === 'string') return (leaf) => typeof leaf === 'string' && test(leaf, operand);
  const ignoringCase = isRecord(operand) ? operand['equals-ignore-case'] : undefined;
  if (typeof ignoringCase !== 'string') return NEVER;
  const lower = ignoringCase.toLowerCase();
  return (leaf) => typeof leaf === 'string' && test(leaf.toLowerCase(), lower);
}

function ignoreCaseTest(expected: string): LeafTest {
  const lower = expected.toLowerCase();
  return (leaf) => typeof leaf === 'string' && leaf.toLowerCase() === lower;
}

function wildcardTest(wildcard: string): LeafTest {
  const regExp = wildcardRegExp(wildcard);
  return (leaf) => typeof leaf === 'string' && regExp.test(leaf);
}

/** `*` matches any run of characters (including none); `\*` is a literal asterisk and `\\` a literal backslash. */
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

const COMPARISONS: ReadonlyMap<unknown, (value: number, bound: number) => boolean> = new Map<
  unknown,
  (value: number, bound: number) => boolean
>([
  ['=', (value, bound) => value === bound],
  ['<', (value, bound) => value < bound],
  ['<=', (value, bound) => value <= bound],
  ['>', (value, bound) => value > bound],
  ['>=', (value, bound) => value >= bound],
]);

/** `["<op>", n]` or `[">" or ">=", n, "<" or "<=", m]`, all of which must hold; only numbers match. */
function numericTest(items: unknown): LeafTest {
  if (!Array.isArray(items)) return NEVER;
  const checks: Array<(value: number) => boolean> = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const compare = COMPARISONS.get(items[i]);
    const bound: unknown = items[i + 1];
    if (compare === undefined || typeof bound !== 'number') return NEVER;
    checks.push((value) => compare(value, bound));
  }
  return (leaf) => typeof leaf === 'number' && checks.every((check) => check(leaf));
}

function cidrTest(cidr: string): LeafTest {
  const block = parseCidr(cidr);
  if (block === undefined) return NEVER;
  return (leaf) => typeof leaf === 'string' && ipFamily(leaf) !== undefined && inRange(block, leaf);
}

/**
 * event-ruler's range for "address/n" runs from the address as written to the last address of its
 * block (CIDR.cidr: `new Range(toHexDigits(ip), false, toHexDigits(maxBytes), false, true)`), so
 * "10.0.0.33/24" leaves out 10.0.0.0 to 10.0.0.32. Written with its network address, as usual,
 * that is the whole block.
 */
function inRange(block: CidrBlock, address: string): boolean {
  const bytes = parseIpAddress(address);
  return bytes !== undefined && cidrContains(block, address) && compareBytes(bytes, block.network) >= 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

// --- Matching an event --------------------------------------------------------------------------

/**
 * The event's leaves by dotted path, each with the array elements it sits in. As in event-ruler's
 * Event.loadArray, an array is numbered in the order it is met, and an object or array inside it
 * records its element; a leaf inside it records none, since no other field can sit beside it there.
 */
function flatten(event: Record<string, unknown>): Fields {
  const fields = new Map<string, Field[]>();
  let arrayCount = 0;
  const visit = (value: unknown, path: string | undefined, arrays: Arrays): void => {
    if (isLeaf(value)) {
      if (path !== undefined) addField(fields, path, { value, arrays });
    } else if (Array.isArray(value)) {
      const array = arrayCount++;
      value.forEach((element, index) => {
        visit(element, path, isLeaf(element) ? arrays : new Map(arrays).set(array, index));
      });
    } else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, joinPath(path, key), arrays);
    }
  };
  visit(event, undefined, NO_ARRAYS);
  return fields;
}

function addField(fields: Map<string, Field[]>, path: string, field: Field): void {
  const atPath = fields.get(path);
  if (atPath === undefined) fields.set(path, [field]);
  else atPath.push(field);
}

/**
 * Whether the branch's conditions from `index` on can all hold, given the array elements the
 * leaves matched so far sit in. A leaf joins only if it sits in the same elements; `exists: false`
 * holds if no leaf of that path could join (event-ruler's ACFinder and NameState.getNameTransitions:
 * "we should only consider the field who doesn't violate array consistency").
 */
function matchesBranch(branch: Branch, fields: Fields, index: number, arrays: Arrays): boolean {
  const condition = branch[index];
  if (condition === undefined) return true;
  const candidates = fields.get(condition.path) ?? [];
  const matched = candidates.some((field) => {
    const joined = condition.test(field.value) ? joinArrays(arrays, field.arrays) : undefined;
    return joined !== undefined && matchesBranch(branch, fields, index + 1, joined);
  });
  if (matched || !condition.absent) return matched;
  const present = candidates.some((field) => joinArrays(arrays, field.arrays) !== undefined);
  return !present && matchesBranch(branch, fields, index + 1, arrays);
}

/** The elements of both, or undefined if they place one array at two different elements. */
function joinArrays(soFar: Arrays, field: Arrays): Arrays | undefined {
  if (field.size === 0) return soFar;
  if (soFar.size === 0) return field;
  let joined: Map<number, number> | undefined;
  for (const [array, element] of field) {
    const seen = soFar.get(array);
    if (seen === undefined) joined = (joined ?? new Map(soFar)).set(array, element);
    else if (seen !== element) return undefined;
  }
  return joined ?? soFar;
}

// --- Helpers ------------------------------------------------------------------------------------

/**
 * event-ruler names a field by joining its steps with "."; so does this, and like it a field
 * named "a.b" is the same path as "b" inside "a" (its README's "JSON keys with dots" caveat).
 */
function joinPath(prefix: string | undefined, field: string): string {
  return prefix === undefined ? field : `${prefix}.${field}`;
}

function isExists(matcher: unknown, wanted: boolean): boolean {
  return isRecord(matcher) && Object.keys(matcher).length === 1 && matcher.exists === wanted;
}

function anyOf(tests: readonly LeafTest[]): LeafTest {
  return (leaf) => tests.some((test) => test(leaf));
}

function strings(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
}

function isLeaf(value: unknown): value is Leaf {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
