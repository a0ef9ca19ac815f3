import type { core } from 'zod';
import { STEP_KINDS } from '../../language/steps.ts';
import { NOT_THIS_FORM } from '../../language/trigger.ts';
import type { Finding } from './check-context.ts';
import { didYouMean } from './suggest.ts';
import type { PathSegment } from './violation.ts';

type Issue = core.$ZodIssue;

/**
 * Turns zod issues into violations a marketer can act on. Unions (a step is one of ten kinds, a
 * wait is a duration or a spec) make zod report every alternative; we keep only the alternative
 * the author evidently meant, so `send: emial` reads as a bad channel, not as ten complaints.
 */
export function schemaFindings(issues: readonly Issue[], input: unknown): Finding[] {
  return issues.flatMap((issue) => explain(issue, [], input));
}

type Explained = { path: PathSegment[]; message: string };

function explain(issue: Issue, prefix: PathSegment[], root: unknown): Explained[] {
  const path = [...prefix, ...issue.path.map(toSegment)];
  const value = valueAt(root, path);
  switch (issue.code) {
    case 'invalid_union':
      return explainUnion(issue.errors, path, value, root);
    case 'invalid_type':
      return [
        {
          path,
          message:
            value === undefined
              ? `required (${issue.expected})`
              : `expected ${issue.expected}, got ${describe(value)}`,
        },
      ];
    case 'invalid_value':
      return [{ path, message: explainInvalidValue(issue.values, value) }];
    case 'invalid_key':
      // What is wrong with the key itself ("Invalid key in record" says only that something is).
      return issue.issues.map((inner) => ({ path, message: `the key: ${inner.message}` }));
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
    case 'too_small':
      return [{ path, message: issue.message.startsWith('Too small') ? tooSmall(issue) : issue.message }];
    case 'too_big':
      return [{ path, message: issue.message.startsWith('Too big') ? tooBig(issue) : issue.message }];
    default:
      return [{ path, message: issue.message }];
  }
}

function explainUnion(
  alternatives: Issue[][],
  path: PathSegment[],
  value: unknown,
  root: unknown,
): Explained[] {
  const scored = alternatives.map((issues) => ({ issues, score: mismatchScore(issues, value) }));
  const accepting = scored.filter((alternative) => alternative.score < ROOT_UNKNOWN_KEYS);
  if (accepting.length === 0 && isPlainObject(value)) return [unknownShape(path, value, alternatives)];
  const best = (accepting.length > 0 ? accepting : scored).reduce((a, b) => (b.score < a.score ? b : a));
  return best.issues.flatMap((issue) => explain(issue, path, root));
}

const ROOT_TYPE_MISMATCH = 1000;
const ROOT_UNKNOWN_KEYS = 100;

/**
 * Lower is closer: an alternative of the wrong type (an object where a word was expected counts
 * as one), or with keys it does not know, was not meant.
 */
function mismatchScore(issues: readonly Issue[], value: unknown): number {
  let score = issues.length;
  for (const issue of issues) {
    if (issue.path.length > 0) continue;
    if (issue.code === 'invalid_type') score += ROOT_TYPE_MISMATCH;
    if (issue.code === 'invalid_value' && typeof value === 'object' && value !== null)
      score += ROOT_TYPE_MISMATCH;
    if (issue.code === 'unrecognized_keys') score += ROOT_UNKNOWN_KEYS;
    // An alternative that says it was not the form meant (an event pattern keyed "schedule").
    if (issue.code === 'custom' && issue.params?.[NOT_THIS_FORM] === true) score += ROOT_TYPE_MISMATCH;
  }
  return score;
}

/** The keys that name a form: one step kind, one condition form. A value may hold only one. */
const NAMING_KEYS: ReadonlySet<string> = new Set([...STEP_KINDS, 'all', 'any', 'not', 'segment']);

/** No alternative accepts these keys: name the keys that would have made a valid start. */
function unknownShape(
  path: PathSegment[],
  value: Record<string, unknown>,
  alternatives: Issue[][],
): Explained {
  const expected = new Set<string>();
  let unknown: Set<string> | undefined;
  for (const issues of alternatives) {
    // The first key an alternative misses is the one that names it (`send`, not `template`).
    const missing = issues.find(
      (issue) => issue.path.length === 1 && value[String(issue.path[0])] === undefined,
    );
    if (missing !== undefined) expected.add(String(missing.path[0]));
    // A key is unknown only if no object alternative accepts it.
    const rejected = issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.path.length === 0 ? [issue.keys] : [],
    );
    for (const keys of rejected)
      unknown = new Set(unknown === undefined ? keys : keys.filter((key) => unknown?.has(key)));
  }
  const naming = Object.keys(value).filter((key) => NAMING_KEYS.has(key));
  if (naming.length > 1) {
    const choices = [...new Set([...naming, ...expected])].map((key) => `"${key}"`).join(', ');
    return {
      path,
      message: `use one of ${choices}, not several (found ${naming.map((key) => `"${key}"`).join(' and ')})`,
    };
  }
  const choices = [...expected].map((key) => `"${key}"`).join(', ');
  const hints = [...(unknown ?? [])].map((key) => `"${key}"${didYouMean(key, expected)}`).join(', ');
  return { path, message: `expected one of ${choices}${hints === '' ? '' : `; found ${hints}`}` };
}

function explainInvalidValue(values: readonly unknown[], value: unknown): string {
  const options = values.map((option) => String(option));
  const suggestion = typeof value === 'string' ? didYouMean(value, options) : '';
  return `${describe(value)} is not one of ${options.join(', ')}${suggestion}`;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item(s)`;
  if (issue.origin === 'string') return `needs at least ${String(issue.minimum)} character(s)`;
  return `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}`;
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  if (issue.origin === 'array') return `takes at most ${String(issue.maximum)} item(s)`;
  if (issue.origin === 'string') return `takes at most ${String(issue.maximum)} character(s)`;
  return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

/** The value at `path` in what was parsed, or undefined where the path leads nowhere. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current) && typeof segment === 'string') current = current[segment];
    else return undefined;
  }
  return current;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
