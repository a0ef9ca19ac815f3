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
 * Patterns are compiled once and cached by object identity, and an event is read only along the
 * paths its pattern names, since the local bus and the simulation run every pattern against every
 * event.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  // An EventBridge event is always a JSON object; anything else has no fields to match.
  if (!isRecord(event)) return false;
  const { branches, paths } = compiledPattern(pattern);
  let fields: Fields | undefined;
  // Loops rather than callbacks on this path and in the leaf tests: tsx keeps function names
  // (esbuild's keepNames), naming each closure as it is created, which costs more than the match
  // itself.
  for (const branch of branches) {
    const verdict = directVerdict(branch, event);
    if (verdict === 'holds') return true;
    if (verdict === 'undecided') {
      fields ??= collectFields(event, paths);
      if (matchesBranch(branch, fields, 0, undefined)) return true;
    }
  }
  return false;
}

type Leaf = string | number | boolean | null;
type LeafTest = (leaf: Leaf) => boolean;

/**
 * One field of a branch: the slot its leaves are collected in, the test its list of values makes,
 * whether it lists `exists: false`, and its path alone, to read its leaves without collecting the
 * others (directVerdict).
 */
type Condition = {
  readonly slot: number;
  readonly test: LeafTest;
  readonly absent: boolean;
  readonly path: PathNode;
};
type Branch = readonly Condition[];

/**
 * A dotted path the pattern names or that leads to one, with the slot its leaves go in (if the
 * pattern names it) and the paths below it by the event key that reaches them. Only these paths are
 * collected from an event: the rest of it cannot decide the match.
 */
type PathNode = { readonly slot: number | undefined; readonly children: readonly PathStep[] };
type PathStep = { readonly key: string; readonly node: PathNode };

type CompiledPattern = { readonly branches: readonly Branch[]; readonly paths: PathNode };

/**
 * For each array a leaf sits in, innermost first, the array's number in the event and the element
 * the leaf sits in. A list rather than a map, since most leaves sit in no array of objects and the
 * rest in one or two.
 */
type Elements = { readonly array: number; readonly element: number; readonly outer: Elements } | undefined;
type Field = { readonly value: Leaf; readonly elements: Elements };
/** The leaves collected from an event, by the slot of their path. */
type Fields = readonly (readonly Field[] | undefined)[];

const NO_FIELDS: readonly Field[] = [];
const NEVER: LeafTest = () => false;
const ANY_LEAF: LeafTest = () => true;
const MATCHES_NOTHING: CompiledPattern = { branches: [], paths: { slot: undefined, children: [] } };

// --- Compiling a pattern into branches ----------------------------------------------------------

/** Keyed by the pattern object: a pattern must not be mutated once it has been matched. */
const cache = new WeakMap<object, CompiledPattern>();

function compiledPattern(pattern: EventPattern): CompiledPattern {
  // Typed as a pattern, but stored and hand-written patterns reach here unchecked: a pattern of
  // any other shape matches nothing, and is no key for the cache.
  if (!isRecord(pattern)) return MATCHES_NOTHING;
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    compiled = patternProblem(pattern) === undefined ? compile(pattern) : MATCHES_NOTHING;
    cache.set(pattern, compiled);
  }
  return compiled;
}

function compile(pattern: Record<string, unknown>): CompiledPattern {
  const slots = new Map<string, number>();
  const slotOf = (path: string): number => {
    const slot = slots.get(path) ?? slots.size;
    slots.set(path, slot);
    return slot;
  };
  const branches = expandObject(pattern, undefined, [new Map()]).map((draft) =>
    sorted(draft).map(([path, condition]) => {
      const slot = slotOf(path);
      return { slot, path: pathTree(new Map([[path, slot]])), ...condition };
    }),
  );
  return { branches, paths: pathTree(slots) };
}

/** A branch as it is built: its conditions by path (a later one for the same path replaces it, as in event-ruler). */
type Draft = ReadonlyMap<string, LeafCondition>;
type LeafCondition = Pick<Condition, 'test' | 'absent'>;

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
function sorted(draft: Draft): [string, LeafCondition][] {
  return [...draft].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The pattern's paths and the paths leading to them ("a" and "a.b" lead to "a.b.c"), each reached
 * from the root by its whole path and from a shorter one by the rest of it: as an event key may
 * hold dots (joinPath), "a.b.c" is reached from "a" by the key "b.c" as well as through "a.b".
 */
function pathTree(slots: ReadonlyMap<string, number>): PathNode {
  const nodes = new Map<string, { slot: number | undefined; children: PathStep[] }>();
  for (const path of slots.keys()) {
    for (const leading of leadingPaths(path)) {
      if (!nodes.has(leading)) nodes.set(leading, { slot: slots.get(leading), children: [] });
    }
  }
  const root: PathNode = { slot: undefined, children: [...nodes].map(([key, node]) => ({ key, node })) };
  for (const [path, node] of nodes) {
    for (const [parent, parentNode] of nodes) {
      if (path.startsWith(`${parent}.`)) {
        parentNode.children.push({ key: path.slice(parent.length + 1), node });
      }
    }
  }
  return root;
}

/** "a", "a.b" and "a.b.c" for "a.b.c". */
function leadingPaths(path: string): string[] {
  const steps = path.split('.');
  return steps.map((_, index) => steps.slice(0, index + 1).join('.'));
}

function compileCondition(values: readonly unknown[]): LeafCondition {
  return {
    test: anyOf(values.filter((value) => !isExistsFalse(value)).map(compileMatcher)),
    absent: values.some(isExistsFalse),
  };
}

/** A valid value or operator (the pattern was checked): the fallbacks only satisfy the types. */
function compileMatcher(matcher: unknown): LeafTest {
  if (!isRecord(matcher)) return (leaf) => leaf === matcher;
  const [entry] = Object.entries(matcher);
  const [operator, operand] = entry ?? [];
  switch (operator) {
    case 'prefix':
      return affixTest(operand, startsWith);
    case 'suffix':
      return affixTest(operand, endsWith);
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
  if (operator === 'prefix') return affixTest(excluded, startsWith);
  if (operator === 'suffix') return affixTest(excluded, endsWith);
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

const startsWith = (value: string, prefix: string): boolean => value.startsWith(prefix);
const endsWith = (value: string, suffix: string): boolean => value.endsWith(suffix);

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

type Comparison = (value: number, bound: number) => boolean;

const COMPARISONS: ReadonlyMap<unknown, Comparison> = new Map<unknown, Comparison>([
  ['=', (value, bound) => value === bound],
  ['<', (value, bound) => value < bound],
  ['<=', (value, bound) => value <= bound],
  ['>', (value, bound) => value > bound],
  ['>=', (value, bound) => value >= bound],
]);

/** `["<op>", n]` or `[">" or ">=", n, "<" or "<=", m]`, all of which must hold; only numbers match. */
function numericTest(items: unknown): LeafTest {
  if (!Array.isArray(items)) return NEVER;
  const checks: { readonly compare: Comparison; readonly bound: number }[] = [];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const compare = COMPARISONS.get(items[i]);
    const bound: unknown = items[i + 1];
    if (compare === undefined || typeof bound !== 'number') return NEVER;
    checks.push({ compare, bound });
  }
  return (leaf) => {
    if (typeof leaf !== 'number') return false;
    for (const { compare, bound } of checks) if (!compare(leaf, bound)) return false;
    return true;
  };
}

/**
 * Only a string AWS reads as an address: parseIpAddress also takes leading zeros ("010.0.0.1") and
 * IPv6 ending in dotted IPv4, which event-ruler does not see as addresses.
 */
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
 * A branch's verdict read straight from the event, when it can be: a condition none of whose
 * leaves sits in an array of objects (most fields of most events) is met or not whatever the
 * others matched, since its leaves join any elements. So one such condition that fails fails the
 * branch, and if all are met so is the branch; only a branch with leaves in arrays of objects needs
 * the event's fields collected and matched in order.
 */
function directVerdict(branch: Branch, event: Record<string, unknown>): 'holds' | 'fails' | 'undecided' {
  let undecided = false;
  for (const condition of branch) {
    const found = scanLeaves(event, condition.path, condition.test);
    if (found & IN_ARRAY_OF_OBJECTS) undecided = true;
    else if (!holdsAlone(condition, found)) return 'fails';
  }
  return undecided ? 'undecided' : 'holds';
}

/** As matchesBranch decides a condition whose leaves join any elements. */
function holdsAlone(condition: Condition, found: number): boolean {
  return (found & PASSED) !== 0 || (condition.absent && (found & PRESENT) === 0);
}

/** What scanLeaves found, as bits: a leaf at the path, one that passed, an array of objects on the way. */
const PRESENT = 1;
const PASSED = 2;
const IN_ARRAY_OF_OBJECTS = 4;

/**
 * The leaves at the node's path, tested, or IN_ARRAY_OF_OBJECTS as soon as the way to them crosses
 * an array holding an object or an array, whose leaves would record their elements.
 */
function scanLeaves(value: unknown, node: PathNode, test: LeafTest): number {
  if (isLeaf(value)) {
    if (node.slot === undefined) return 0;
    return test(value) ? PRESENT | PASSED : PRESENT;
  }
  let found = 0;
  if (Array.isArray(value)) {
    for (const element of value) {
      if (!isLeaf(element)) return IN_ARRAY_OF_OBJECTS;
      found |= scanLeaves(element, node, test);
    }
  } else if (isRecord(value)) {
    for (const { key, node: child } of node.children) {
      if (isOwnKey(value, key)) found |= scanLeaves(value[key], child, test);
    }
  }
  return found;
}

/**
 * The event's leaves at the pattern's paths, each with the array elements it sits in. As in
 * event-ruler's Event.loadArray, an array is numbered in the order it is met, and an object or array
 * inside it records its element; a leaf inside it records none, since no other field can sit beside
 * it there.
 */
function collectFields(event: Record<string, unknown>, paths: PathNode): Fields {
  const collected: Collected = { fields: [], arrayCount: 0 };
  collect(event, paths, undefined, collected);
  return collected.fields;
}

/** What collecting an event has gathered so far (a record, not a closure: see matchesPattern). */
type Collected = { readonly fields: Field[][]; arrayCount: number };

function collect(value: unknown, node: PathNode, elements: Elements, collected: Collected): void {
  if (isLeaf(value)) {
    if (node.slot !== undefined) addField(collected.fields, node.slot, { value, elements });
  } else if (Array.isArray(value)) {
    const array = collected.arrayCount++;
    for (let index = 0; index < value.length; index++) {
      const element: unknown = value[index];
      const inside = isLeaf(element) ? elements : { array, element: index, outer: elements };
      collect(element, node, inside, collected);
    }
  } else if (isRecord(value)) {
    for (const { key, node: child } of node.children) {
      if (isOwnKey(value, key)) collect(value[key], child, elements, collected);
    }
  }
}

function addField(fields: Field[][], slot: number, field: Field): void {
  const atSlot = fields[slot];
  if (atSlot === undefined) fields[slot] = [field];
  else atSlot.push(field);
}

/**
 * Whether the event has this key itself: "constructor" or "__proto__" is on no event unless written
 * in it. Events are JSON data, whose keys are all enumerable, so this is the key Object.entries
 * would list; propertyIsEnumerable, a call into the runtime, took a quarter of a match.
 */
function isOwnKey(record: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(record, key);
}

/**
 * Whether the branch's conditions from `index` on can all hold, given the array elements the
 * leaves matched so far sit in. A leaf joins only if it sits in the same elements; `exists: false`
 * holds if no leaf of that path could join (event-ruler's ACFinder and NameState.getNameTransitions:
 * "we should only consider the field who doesn't violate array consistency").
 */
function matchesBranch(branch: Branch, fields: Fields, index: number, elements: Elements): boolean {
  const condition = branch[index];
  if (condition === undefined) return true;
  let present = false;
  for (const field of fields[condition.slot] ?? NO_FIELDS) {
    const joined = joinElements(elements, field.elements);
    if (joined === null) continue;
    if (condition.test(field.value) && matchesBranch(branch, fields, index + 1, joined)) return true;
    present = true;
  }
  return condition.absent && !present && matchesBranch(branch, fields, index + 1, elements);
}

/** The elements of both, or null if they place one array at two different elements. */
function joinElements(soFar: Elements, field: Elements): Elements | null {
  let joined = soFar;
  for (let link = field; link !== undefined; link = link.outer) {
    const seen = elementOf(soFar, link.array);
    if (seen === undefined) joined = { array: link.array, element: link.element, outer: joined };
    else if (seen !== link.element) return null;
  }
  return joined;
}

function elementOf(elements: Elements, array: number): number | undefined {
  for (let link = elements; link !== undefined; link = link.outer) {
    if (link.array === array) return link.element;
  }
  return undefined;
}

// --- Helpers ------------------------------------------------------------------------------------

/**
 * event-ruler names a field by joining its steps with "."; so does this, and like it a field
 * named "a.b" is the same path as "b" inside "a" (its README's "JSON keys with dots" caveat).
 */
function joinPath(prefix: string | undefined, field: string): string {
  return prefix === undefined ? field : `${prefix}.${field}`;
}

/** `{ "exists": false }`, which is no test of a leaf but the condition's `absent`. */
function isExistsFalse(matcher: unknown): boolean {
  return isRecord(matcher) && Object.keys(matcher).length === 1 && matcher.exists === false;
}

function anyOf(tests: readonly LeafTest[]): LeafTest {
  const [only] = tests;
  // Most lists hold one value: its test, without a call around it.
  if (only !== undefined && tests.length === 1) return only;
  return (leaf) => {
    for (const test of tests) if (test(leaf)) return true;
    return false;
  };
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
