import { type Comparison, type Condition, forEachLeaf } from '../../language/condition.ts';
import type { ChoiceRule } from './asl.ts';
import type { FactCollector } from './facts.ts';

export const FACTS_PATH = '$.facts';
export const EVENT_PATH = '$.event';
export const BUCKETS_PATH = '$.buckets';

/** Whether a condition reads anything beyond the trigger event, i.e. needs a Check state first. */
export function needsFacts(condition: Condition): boolean {
  let needs = false;
  forEachLeaf(condition, (leaf) => {
    // Relative dates compare with a threshold the Check task computes, even on event fields.
    const relative = !('segment' in leaf) && (leaf.within !== undefined || leaf['older-than'] !== undefined);
    if ('segment' in leaf || leaf.event === undefined || relative) needs = true;
  });
  return needs;
}

/**
 * Compiles a condition to a native Choice rule. Every comparison is guarded by IsPresent and a
 * type test: Step Functions evaluates And left to right, so a missing or mistyped value makes the
 * rule false instead of failing the execution.
 */
export function choiceRule(condition: Condition, facts: FactCollector): ChoiceRule {
  if ('all' in condition)
    return combine(
      'And',
      condition.all.map((child) => choiceRule(child, facts)),
    );
  if ('any' in condition)
    return combine(
      'Or',
      condition.any.map((child) => choiceRule(child, facts)),
    );
  if ('not' in condition) return { Not: choiceRule(condition.not, facts) };
  if ('segment' in condition) {
    const variable = factPath(facts.keyFor({ kind: 'segment', name: condition.segment }));
    return guarded(variable, 'IsBoolean', { BooleanEquals: true });
  }
  return comparisonRule(condition, facts);
}

function comparisonRule(comparison: Comparison, facts: FactCollector): ChoiceRule {
  const timestamp =
    comparison.within !== undefined ||
    comparison['older-than'] !== undefined ||
    comparison.before !== undefined ||
    comparison.after !== undefined;
  const variable = (options: { contains?: string } = {}): string => {
    if (comparison.event !== undefined) return `${EVENT_PATH}${jsonPathSuffix(comparison.event)}`;
    const as = timestamp ? 'timestamp' : 'value';
    const extra = options.contains === undefined ? {} : { contains: options.contains };
    if (comparison.profile !== undefined)
      return factPath(facts.keyFor({ kind: 'profile', path: comparison.profile, as, ...extra }));
    return factPath(
      facts.keyFor({
        kind: 'aggregate',
        name: comparison.aggregate ?? '',
        ...(comparison.key === undefined ? {} : { item: comparison.key }),
        as,
        ...extra,
      }),
    );
  };

  if (comparison.equals !== undefined) return equalsRule(variable(), comparison.equals);
  if (comparison.in !== undefined) {
    const path = variable();
    return combine(
      'Or',
      comparison.in.map((value) => equalsRule(path, value)),
    );
  }
  if (comparison.exists !== undefined) {
    const path = variable();
    const present: ChoiceRule = {
      And: [
        { Variable: path, IsPresent: true },
        // `Not IsNull: true` rather than `IsNull: false`: the local engine reads the latter as always false.
        { Not: { Variable: path, IsNull: true } },
      ],
    };
    return comparison.exists ? present : { Not: present };
  }
  if (comparison.gt !== undefined)
    return guarded(variable(), 'IsNumeric', { NumericGreaterThan: comparison.gt });
  if (comparison.gte !== undefined)
    return guarded(variable(), 'IsNumeric', { NumericGreaterThanEquals: comparison.gte });
  if (comparison.lt !== undefined)
    return guarded(variable(), 'IsNumeric', { NumericLessThan: comparison.lt });
  if (comparison.lte !== undefined)
    return guarded(variable(), 'IsNumeric', { NumericLessThanEquals: comparison.lte });
  if (comparison.within !== undefined) {
    const threshold = factPath(facts.keyFor({ kind: 'threshold', ago: comparison.within }));
    return guarded(variable(), 'IsTimestamp', { TimestampGreaterThanEqualsPath: threshold });
  }
  if (comparison['older-than'] !== undefined) {
    const threshold = factPath(facts.keyFor({ kind: 'threshold', ago: comparison['older-than'] }));
    return guarded(variable(), 'IsTimestamp', { TimestampLessThanPath: threshold });
  }
  if (comparison.before !== undefined) {
    return guarded(variable(), 'IsTimestamp', { TimestampLessThan: utcTimestamp(comparison.before) });
  }
  if (comparison.after !== undefined) {
    return guarded(variable(), 'IsTimestamp', { TimestampGreaterThan: utcTimestamp(comparison.after) });
  }
  const needle = comparison.contains ?? '';
  // A string of the trigger event is matched natively; profile and aggregate values may be lists,
  // so the check function answers "contains" as a boolean fact.
  if (comparison.event !== undefined)
    return guarded(variable(), 'IsString', { StringMatches: `*${escapeWildcards(needle)}*` });
  return guarded(variable({ contains: needle }), 'IsBoolean', { BooleanEquals: true });
}

function equalsRule(variable: string, value: string | number | boolean): ChoiceRule {
  if (typeof value === 'string') return guarded(variable, 'IsString', { StringEquals: value });
  if (typeof value === 'number') return guarded(variable, 'IsNumeric', { NumericEquals: value });
  return guarded(variable, 'IsBoolean', { BooleanEquals: value });
}

type TypeTest = 'IsString' | 'IsNumeric' | 'IsBoolean' | 'IsTimestamp';

function guarded(
  variable: string,
  typeTest: TypeTest,
  comparison: Record<string, string | number | boolean>,
): ChoiceRule {
  return {
    And: [
      { Variable: variable, IsPresent: true },
      { Variable: variable, [typeTest]: true },
      { Variable: variable, ...comparison },
    ],
  };
}

function combine(operator: 'And' | 'Or', rules: ChoiceRule[]): ChoiceRule {
  const [only] = rules;
  if (rules.length === 1 && only !== undefined) return only;
  return operator === 'And' ? { And: rules } : { Or: rules };
}

export function factPath(key: string): string {
  return `${FACTS_PATH}.${key}`;
}

/** `detail.cart-id` → `.detail['cart-id']`: bracket notation for names dot notation cannot hold. */
export function jsonPathSuffix(path: string): string {
  return path
    .split('.')
    .map((segment) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment) ? `.${segment}` : `['${segment}']`))
    .join('');
}

/** Step Functions compares RFC 3339 timestamps; normalise offsets to UTC so they compare as written. */
function utcTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace('.000Z', 'Z');
}

function escapeWildcards(text: string): string {
  return text.replace(/[\\*]/g, (character) => `\\${character}`);
}
