import type { Condition } from './condition.ts';
import { humanizeDuration } from './duration.ts';

/** A one-line reading of a condition, for graph edges and state comments. */
export function describeCondition(condition: Condition): string {
  if ('segment' in condition) return `in segment ${condition.segment}`;
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return condition.any.map(describeCondition).join(' or ');
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  const subject =
    condition.profile !== undefined
      ? condition.profile
      : condition.aggregate !== undefined
        ? `${condition.aggregate}${condition.key === undefined ? '' : `[${condition.key}]`}`
        : `event.${condition.event ?? ''}`;
  if (condition.equals !== undefined) return `${subject} = ${String(condition.equals)}`;
  if (condition.in !== undefined) return `${subject} in ${condition.in.join(', ')}`;
  if (condition.exists !== undefined) return condition.exists ? `${subject} is set` : `${subject} is not set`;
  if (condition.gt !== undefined) return `${subject} > ${condition.gt}`;
  if (condition.gte !== undefined) return `${subject} ≥ ${condition.gte}`;
  if (condition.lt !== undefined) return `${subject} < ${condition.lt}`;
  if (condition.lte !== undefined) return `${subject} ≤ ${condition.lte}`;
  if (condition.within !== undefined) return `${subject} within ${humanizeDuration(condition.within)}`;
  if (condition['older-than'] !== undefined)
    return `${subject} over ${humanizeDuration(condition['older-than'])} ago`;
  if (condition.before !== undefined) return `${subject} before ${condition.before}`;
  if (condition.after !== undefined) return `${subject} after ${condition.after}`;
  return `${subject} contains ${condition.contains ?? ''}`;
}
