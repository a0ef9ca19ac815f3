import type { Comparison, Condition } from '../../language/condition.ts';
import { durationSeconds } from '../../language/duration.ts';
import { OPERATOR_KEYS } from '../../language/operator-keys.ts';
import { aggregateItem } from '../aggregates/compute.ts';
import { valueAt } from '../store/field-path.ts';

/** What a condition can read; segments are evaluated on demand (and only once each). */
export type ConditionContext = {
  readonly profile: Readonly<Record<string, unknown>>;
  readonly aggregates: Readonly<Record<string, unknown>>;
  readonly event: unknown;
  readonly now: Date;
  readonly segment: (name: string) => boolean;
};

/**
 * Evaluates a condition in a function (entry conditions, segments, facts a Choice state cannot
 * compute). It gives the same answers as the compiled Choice rules: a missing value or a value of
 * the wrong type makes a comparison false.
 */
export function evaluateCondition(condition: Condition, context: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((child) => evaluateCondition(child, context));
  if ('any' in condition) return condition.any.some((child) => evaluateCondition(child, context));
  if ('not' in condition) return !evaluateCondition(condition.not, context);
  if ('segment' in condition) return context.segment(condition.segment);
  return compare(comparedValue(condition, context), condition, context.now, {
    dateOnly: condition.event === undefined,
  });
}

export function comparedValue(comparison: Comparison, context: ConditionContext): unknown {
  if (comparison.profile !== undefined) return valueAt(context.profile, comparison.profile);
  if (comparison.event !== undefined) return valueAt(context.event, comparison.event);
  const aggregate = context.aggregates[comparison.aggregate ?? ''];
  if (comparison.key === undefined) return aggregate;
  return aggregateItem(aggregate, comparison.key);
}

function compare(value: unknown, comparison: Comparison, now: Date, dates: { dateOnly: boolean }): boolean {
  const time = timeOf(value, dates);
  const operator = OPERATOR_KEYS.find((key) => comparison[key] !== undefined);
  switch (operator) {
    case 'equals':
      return value === comparison.equals;
    case 'in':
      return (comparison.in ?? []).some((candidate) => candidate === value);
    case 'exists':
      return (value !== undefined && value !== null) === comparison.exists;
    case 'gt':
      return typeof value === 'number' && value > (comparison.gt ?? 0);
    case 'gte':
      return typeof value === 'number' && value >= (comparison.gte ?? 0);
    case 'lt':
      return typeof value === 'number' && value < (comparison.lt ?? 0);
    case 'lte':
      return typeof value === 'number' && value <= (comparison.lte ?? 0);
    case 'within':
      return (
        timeOf(value) !== undefined &&
        (timeOf(value) ?? 0) >= now.getTime() - durationSeconds(comparison.within ?? '0s') * 1000
      );
    case 'older-than':
      return (
        timeOf(value) !== undefined &&
        (timeOf(value) ?? 0) < now.getTime() - durationSeconds(comparison['older-than'] ?? '0s') * 1000
      );
    case 'before':
      return time !== undefined && time < Date.parse(comparison.before ?? '');
    case 'after':
      return time !== undefined && time > Date.parse(comparison.after ?? '');
    case 'contains':
      // On the trigger event, text only: its compiled rule is a StringMatches, which a list fails.
      if (comparison.event !== undefined)
        return typeof value === 'string' && value.includes(comparison.contains ?? '');
      return containsValue(value, comparison.contains ?? '');
    case undefined:
      return false;
  }
}

export function containsValue(value: unknown, needle: string): boolean {
  if (typeof value === 'string') return value.includes(needle);
  return Array.isArray(value) && value.some((item) => item === needle);
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A timestamp as a Choice rule reads one: RFC 3339. Profile and aggregate dates may also be
 * written as a plain date (midnight UTC), because the check function normalises them before a
 * rule sees them; event fields are read raw by the rule, so they must be full timestamps.
 */
export function timeOf(
  value: unknown,
  options: { dateOnly?: boolean } = { dateOnly: true },
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const accepted = RFC3339.test(value) || (options.dateOnly === true && DATE_ONLY.test(value));
  if (!accepted) return undefined;
  const time = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? undefined : time;
}
