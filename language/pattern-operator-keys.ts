/**
 * The keys of EventBridge's operator objects (`{ prefix: … }`, `{ numeric: … }`, …), apart from
 * the pattern schemas so that the matcher does not build them when a function loads.
 */
export const PATTERN_OPERATOR_KEYS: ReadonlySet<string> = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr',
]);
