import type { ChoiceRule } from '../asl.ts';
import { BUCKETS_PATH } from '../choice-rules.ts';

/** The rule "this customer's bucket for the step is below `upper`" (0 ≤ bucket < 100). */
export function bucketBelow(key: string, upper: number): ChoiceRule {
  const variable = `${BUCKETS_PATH}.${key}`;
  return {
    And: [
      { Variable: variable, IsPresent: true },
      { Variable: variable, IsNumeric: true },
      { Variable: variable, NumericLessThan: upper },
    ],
  };
}
