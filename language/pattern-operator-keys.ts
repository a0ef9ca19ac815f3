/**
 * EventBridge's event-pattern grammar as plain functions: the operators, what AWS accepts for each
 * operand, and what it accepts for a pattern as a whole. Apart from the zod schemas
 * (event-pattern.ts) so that the matcher, which treats a pattern AWS would refuse as matching no
 * event, does not build them when a function loads; the schemas explain an operator with the same
 * checks, so the two agree on what is valid.
 *
 * Sources: the EventBridge user guide (content filtering, comparison operators) and, where it is
 * silent, the compiler of aws/event-ruler, the library EventBridge matches with
 * (JsonRuleCompiler.java, CIDR.java, Range.java, input/WildcardParser.java).
 */

/** Where in the value a problem is (field names and list indexes), and what it is in plain words. */
type PatternProblem = { readonly path: readonly (string | number)[]; readonly message: string };

type OperandCheck = (operand: unknown) => PatternProblem | undefined;

const OPERAND_CHECKS: ReadonlyMap<string, OperandCheck> = new Map<string, OperandCheck>([
  ['prefix', (operand) => affixProblem('prefix', operand)],
  ['suffix', (operand) => affixProblem('suffix', operand)],
  ['equals-ignore-case', (operand) => stringProblem('equals-ignore-case', operand)],
  [
    'wildcard',
    (operand) =>
      typeof operand === 'string' ? wildcardProblem(operand) : stringProblem('wildcard', operand),
  ],
  ['anything-but', anythingButProblem],
  ['numeric', numericProblem],
  ['exists', (operand) => (typeof operand === 'boolean' ? undefined : problem('exists takes true or false'))],
  [
    'cidr',
    (operand) => (typeof operand === 'string' ? cidrProblem(operand) : stringProblem('cidr', operand)),
  ],
]);

/** The keys of EventBridge's operator objects (`{ prefix: … }`, `{ numeric: … }`, …). */
export const PATTERN_OPERATOR_KEYS: ReadonlySet<string> = new Set(OPERAND_CHECKS.keys());

/** The comparisons of `numeric`, in the order the JSON Schemas list them. */
export const NUMERIC_COMPARISONS = ['<', '<=', '=', '>', '>='] as const;

const OPERATOR_LIST = [...PATTERN_OPERATOR_KEYS].map((key) => `"${key}"`).join(', ');

/**
 * event-ruler refuses these as field names anywhere inside an `$or` branch ("… is Ruler reserved
 * fieldName which cannot be used inside $or", Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP):
 * the operators, the comparison signs, and names kept for operators to come.
 */
const RESERVED_INSIDE_OR: ReadonlySet<string> = new Set([
  ...PATTERN_OPERATOR_KEYS,
  ...NUMERIC_COMPARISONS,
  'exactly',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/** The first thing AWS would refuse in a pattern, or undefined if PutRule would accept it. */
export function patternProblem(pattern: unknown): PatternProblem | undefined {
  return objectProblem(pattern);
}

/**
 * The first thing AWS would refuse in one entry of a field's list: a value (string, number,
 * boolean or null) or an object naming one operator.
 */
export function matcherProblem(matcher: unknown): PatternProblem | undefined {
  if (isScalar(matcher)) return undefined;
  if (!isRecord(matcher)) {
    return problem(
      `expected a value (string, number, true, false or null) or an operator, not ${describe(matcher)}`,
    );
  }
  const [operator, ...others] = Object.keys(matcher);
  if (operator === undefined) return problem(`an operator object names one operator: ${OPERATOR_LIST}`);
  if (others.length > 0) {
    const found = [operator, ...others].map((key) => `"${key}"`).join(' and ');
    return problem(`an operator object names one operator, found ${found}: list them as separate values`);
  }
  const check = OPERAND_CHECKS.get(operator);
  if (check === undefined) return problem(`"${operator}" is not an operator (${OPERATOR_LIST})`);
  return under(operator, check(matcher[operator]));
}

/** Field names inside one `$or` branch that AWS refuses there; nested `$or` lists are left to their own check. */
export function reservedFieldProblems(branch: unknown): PatternProblem[] {
  if (!isRecord(branch)) return [];
  return Object.entries(branch).flatMap(([field, value]) => {
    if (field === '$or') return [];
    if (RESERVED_INSIDE_OR.has(field)) return [at([field], reservedMessage(field))];
    return reservedFieldProblems(value).map((inner) => at([field, ...inner.path], inner.message));
  });
}

function objectProblem(pattern: unknown): PatternProblem | undefined {
  if (!isRecord(pattern)) return problem(`expected an object of fields, not ${describe(pattern)}`);
  const fields = Object.entries(pattern);
  if (fields.length === 0) return problem('an event pattern needs at least one field');
  return first(fields, ([field, value]) => under(field, fieldProblem(field, value)));
}

function fieldProblem(field: string, value: unknown): PatternProblem | undefined {
  if (field === '') return problem('a field name cannot be empty');
  if (field === '$or') return orProblem(value);
  if (Array.isArray(value)) return listProblem(value);
  if (isRecord(value)) return objectProblem(value);
  return problem(`expected a list of values to match or an object of fields, not ${describe(value)}`);
}

function orProblem(branches: unknown): PatternProblem | undefined {
  if (!Array.isArray(branches) || branches.length < 2 || !branches.every(isRecord)) {
    return problem('"$or" takes a list of at least two patterns');
  }
  return first([...branches.entries()], ([index, branch]) =>
    under(index, reservedFieldProblems(branch)[0] ?? objectProblem(branch)),
  );
}

function listProblem(values: readonly unknown[]): PatternProblem | undefined {
  if (values.length === 0) return problem('a field must list at least one value to match');
  return first([...values.entries()], ([index, value]) => under(index, matcherProblem(value)));
}

function reservedMessage(field: string): string {
  return `"${field}" names an operator, and AWS refuses it as a field name inside "$or"`;
}

// --- Operands -----------------------------------------------------------------------------------

/** `prefix`/`suffix` take a string (empty matches any string), or `{ "equals-ignore-case": string }`. */
function affixProblem(operator: string, operand: unknown): PatternProblem | undefined {
  if (typeof operand === 'string') return undefined;
  if (isRecord(operand) && onlyKey(operand) === 'equals-ignore-case') {
    return under('equals-ignore-case', stringProblem('equals-ignore-case', operand['equals-ignore-case']));
  }
  return problem(`${operator} takes a string, or { "equals-ignore-case": string } to ignore case`);
}

function stringProblem(operator: string, operand: unknown): PatternProblem | undefined {
  return typeof operand === 'string'
    ? undefined
    : problem(`${operator} takes a string, not ${describe(operand)}`);
}

/**
 * "You can use anything-but matching with strings and numeric values, including lists that contain
 * only strings, or only numbers." (EventBridge user guide, Anything-but matching). Its operator
 * forms are one prefix, one suffix, and one or a list of equals-ignore-case or wildcard values.
 */
function anythingButProblem(operand: unknown): PatternProblem | undefined {
  if (typeof operand === 'string' || isFiniteNumber(operand)) return undefined;
  if (Array.isArray(operand)) return excludedListProblem(operand);
  if (isRecord(operand)) return excludedOperatorProblem(operand);
  return problem(`anything-but takes a string, a number or a list of them, not ${describe(operand)}`);
}

function excludedListProblem(values: readonly unknown[]): PatternProblem | undefined {
  if (values.length === 0) return problem('anything-but needs at least one value to exclude');
  const odd = values.findIndex((value) => typeof value !== 'string' && !isFiniteNumber(value));
  if (odd !== -1) return at([odd], `anything-but lists strings or numbers, not ${describe(values[odd])}`);
  const strings = values.filter((value) => typeof value === 'string');
  if (strings.length > 0 && strings.length < values.length) {
    const number = values.find(isFiniteNumber);
    return problem(
      `anything-but: a list must be all strings or all numbers (found ${describe(strings[0])} and ${describe(number)})`,
    );
  }
  return undefined;
}

function excludedOperatorProblem(operand: Record<string, unknown>): PatternProblem | undefined {
  const key = onlyKey(operand);
  const value = key === undefined ? undefined : operand[key];
  switch (key) {
    case 'prefix':
    case 'suffix':
      return under(key, excludedAffixProblem(key, value));
    case 'equals-ignore-case':
      return under(
        key,
        stringsProblem(key, value, () => undefined),
      );
    case 'wildcard':
      return under(key, stringsProblem(key, value, wildcardProblem));
    default:
      return problem(
        'anything-but takes one of { "prefix": … }, { "suffix": … }, { "equals-ignore-case": … } or { "wildcard": … }',
      );
  }
}

/**
 * EventBridge documents one prefix or suffix here ({ "anything-but": { "prefix": "init" } }), and
 * event-ruler refuses an empty one ("Null prefix/suffix not allowed"). Newer event-ruler also
 * parses a list, which EventBridge does not document; wildcards exclude several.
 */
function excludedAffixProblem(key: 'prefix' | 'suffix', operand: unknown): PatternProblem | undefined {
  if (Array.isArray(operand)) {
    const wildcards = operand
      .filter((value) => typeof value === 'string' && value !== '')
      .map((value) =>
        JSON.stringify(key === 'prefix' ? `${escapeWildcard(value)}*` : `*${escapeWildcard(value)}`),
      );
    const hint = wildcards.length > 0 ? `{ "wildcard": [${wildcards.join(', ')}] }` : '{ "wildcard": [...] }';
    return problem(`anything-but takes one ${key}, not a list; to exclude several, write ${hint}`);
  }
  if (typeof operand !== 'string')
    return problem(`anything-but's ${key} takes a string, not ${describe(operand)}`);
  if (operand === '') return problem(`anything-but's ${key} must not be empty`);
  return undefined;
}

function stringsProblem(
  key: string,
  operand: unknown,
  check: (value: string) => PatternProblem | undefined,
): PatternProblem | undefined {
  if (typeof operand === 'string') return check(operand);
  if (!Array.isArray(operand) || operand.length === 0) {
    return problem(`${key} takes a string or a non-empty list of strings`);
  }
  return first([...operand.entries()], ([index, value]) =>
    under(
      index,
      typeof value === 'string' ? check(value) : problem(`${key} takes strings, not ${describe(value)}`),
    ),
  );
}

/**
 * "A single value can contain zero to many wildcard characters, but consecutive wildcard
 * characters are not allowed. [...] A backslash escaping any character other than asterisk or
 * backslash is not allowed." (event-ruler README, Wildcard matching; WildcardParser.java)
 */
function wildcardProblem(wildcard: string): PatternProblem | undefined {
  for (let index = 0; index < wildcard.length; index++) {
    const char = wildcard.charAt(index);
    const next = wildcard.charAt(index + 1);
    if (char === '\\') {
      if (next !== '*' && next !== '\\') {
        return problem(`wildcard "${wildcard}": a backslash escapes only "*" or "\\" (at position ${index})`);
      }
      index++;
    } else if (char === '*' && next === '*') {
      return problem(
        `wildcard "${wildcard}": "**" is not allowed, one "*" already matches any run of characters`,
      );
    }
  }
  return undefined;
}

const COMPARISONS: ReadonlySet<unknown> = new Set(NUMERIC_COMPARISONS);
const LOWER_BOUNDS: ReadonlySet<unknown> = new Set(['>', '>=']);
const UPPER_BOUNDS: ReadonlySet<unknown> = new Set(['<', '<=']);
const NUMERIC_FORMS = 'numeric takes ["<op>", number] or a range [">" or ">=", number, "<" or "<=", number]';

/**
 * One comparison, or a range written lower bound first with the lower bound below the upper one:
 * event-ruler ends the expression after "=", "<" or "<=", takes only "<" or "<=" second, and
 * refuses an empty range ("Bottom must be less than top").
 */
function numericProblem(operand: unknown): PatternProblem | undefined {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4))
    return problem(NUMERIC_FORMS);
  const [operator, bound, closer, top] = operand;
  if (!COMPARISONS.has(operator))
    return problem(`${describe(operator)} is not a comparison: use =, <, <=, > or >=`);
  if (!isFiniteNumber(bound) || (operand.length === 4 && !isFiniteNumber(top))) return problem(NUMERIC_FORMS);
  if (operand.length === 2) return undefined;
  if (!LOWER_BOUNDS.has(operator) || !UPPER_BOUNDS.has(closer)) {
    return problem(
      'a numeric range is written lower bound first: [">" or ">=", number, "<" or "<=", number]',
    );
  }
  if (isFiniteNumber(top) && bound >= top) {
    return problem(`a numeric range needs its lower bound (${bound}) below its upper bound (${top})`);
  }
  return undefined;
}

/**
 * An address, a slash and a prefix length (CIDR.java: "Malformed CIDR, one '/' required"), IPv4
 * up to /31 and IPv6 up to /127 ("IPv4 mask bits must be < 32"); a single address is matched by
 * listing it as a value.
 */
function cidrProblem(text: string): PatternProblem | undefined {
  const parts = /^([^/]*)\/(\d{1,3})$/.exec(text);
  const family = ipFamily(parts?.[1] ?? '');
  if (parts === null || family === undefined) {
    return problem(`cidr takes an IP address block like "10.0.0.0/24" or "2001:db8::/32", not "${text}"`);
  }
  const longest = family === 4 ? 31 : 127;
  if (Number(parts[2]) > longest) {
    return problem(
      `an IPv${family} block's prefix length is at most ${longest}; to match one address, list it as a value`,
    );
  }
  return undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * 4 or 6 for an address AWS reads as IPv4 (dotted decimal, no leading zeros) or IPv6 (hex groups,
 * one "::" at most, no embedded IPv4: event-ruler's IPv6_REGEX is `[0-9a-fA-F:]*:[0-9a-fA-F:]*`).
 */
export function ipFamily(address: string): 4 | 6 | undefined {
  if (IPV4.test(address)) return 4;
  const halves = address.split('::');
  if (!address.includes(':') || halves.length > 2) return undefined;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (!groups.flat().every((group) => HEX_GROUP.test(group))) return undefined;
  const count = groups.flat().length;
  return (halves.length === 2 ? count <= 7 : count === 8) ? 6 : undefined;
}

// --- Helpers ------------------------------------------------------------------------------------

function problem(message: string): PatternProblem {
  return { path: [], message };
}

function at(path: readonly (string | number)[], message: string): PatternProblem {
  return { path, message };
}

/** The problem, one step deeper: inside `segment`. */
function under(segment: string | number, inner: PatternProblem | undefined): PatternProblem | undefined {
  return inner === undefined ? undefined : at([segment, ...inner.path], inner.message);
}

function first<T>(
  items: readonly T[],
  check: (item: T) => PatternProblem | undefined,
): PatternProblem | undefined {
  for (const item of items) {
    const found = check(item);
    if (found !== undefined) return found;
  }
  return undefined;
}

function onlyKey(record: Record<string, unknown>): string | undefined {
  const keys = Object.keys(record);
  return keys.length === 1 ? keys[0] : undefined;
}

function escapeWildcard(text: string): string {
  return text.replace(/[\\*]/g, '\\$&');
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Never throws, whatever the value: a pattern may be anything until it is checked. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'function' ? 'a function' : String(value);
}
