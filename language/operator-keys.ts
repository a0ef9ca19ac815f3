/**
 * The operators of a comparison, apart from the condition schemas so that the functions that
 * evaluate conditions do not build those schemas when they load.
 */
export const OPERATOR_KEYS = [
  'equals',
  'in',
  'exists',
  'gt',
  'gte',
  'lt',
  'lte',
  'within',
  'older-than',
  'before',
  'after',
  'contains',
] as const;
export type ComparisonOperator = (typeof OPERATOR_KEYS)[number];
