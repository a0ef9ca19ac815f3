import { type Comparison, type Condition, forEachLeaf } from '../../../language/condition.ts';
import type { Aggregate, ParcoursConfig } from '../../../language/config.ts';
import { OPERATOR_KEYS } from '../../../language/operator-keys.ts';
import { allNodes } from '../../model/step-tree.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';
import { unknownName } from '../suggest.ts';
import type { PathSegment } from '../violation.ts';

/**
 * Personal data never enters execution state, so a condition may only ask whether it is present;
 * anything else would need the value itself in the Choice state.
 */
export const PERSONAL_PROFILE_FIELDS = ['email', 'phone', 'pushTokens'] as const;

const NUMERIC = ['equals', 'in', 'exists', 'gt', 'gte', 'lt', 'lte'] as const;
const TEMPORAL = ['exists', 'within', 'older-than', 'before', 'after'] as const;
const OPERATORS_BY_AGGREGATE: Record<Aggregate['type'], readonly string[]> = {
  count: NUMERIC,
  sum: NUMERIC,
  min: NUMERIC,
  max: NUMERIC,
  'last-at': TEMPORAL,
  latest: OPERATOR_KEYS,
};

/** Every condition of a scenario: entry conditions and each branch's "when". */
export const checkScenarioConditions: ScenarioCheck = ({ scenario, tree, config }) => {
  const conditions: { condition: Condition; path: PathSegment[] }[] = [];
  if (scenario.entry.when !== undefined)
    conditions.push({ condition: scenario.entry.when, path: ['entry', 'when'] });
  for (const node of allNodes(tree)) {
    if (node.kind !== 'branch') continue;
    node.paths.forEach((path, index) => {
      conditions.push({ condition: path.when, path: [...node.path, 'branch', index, 'when'] });
    });
  }
  return conditions.flatMap(({ condition, path }) => conditionFindings(condition, path, config, true));
};

/** Findings for one condition tree; segments may not nest segments, which keeps them acyclic. */
export function conditionFindings(
  condition: Condition,
  at: readonly PathSegment[],
  config: ParcoursConfig,
  allowSegments: boolean,
): Finding[] {
  const findings: Finding[] = [];
  forEachLeaf(condition, (leaf, leafPath) => {
    const path = [...at, ...leafPath];
    if ('segment' in leaf) {
      if (!allowSegments)
        findings.push({ path: [...path, 'segment'], message: 'a segment cannot refer to another segment' });
      else if (!(leaf.segment in config.segments)) {
        findings.push({
          path: [...path, 'segment'],
          message: unknownName('segment', leaf.segment, Object.keys(config.segments)),
        });
      }
      return;
    }
    findings.push(...comparisonFindings(leaf, path, config));
  });
  return findings;
}

function comparisonFindings(
  comparison: Comparison,
  path: readonly PathSegment[],
  config: ParcoursConfig,
): Finding[] {
  const operator = OPERATOR_KEYS.find((key) => comparison[key] !== undefined);
  if (comparison.profile !== undefined) {
    const personal = PERSONAL_PROFILE_FIELDS.find(
      (field) => comparison.profile === field || comparison.profile?.startsWith(`${field}.`),
    );
    if (personal !== undefined && operator !== 'exists') {
      return [
        {
          path: [...path, operator ?? 'profile'],
          message: `profile.${personal} is personal data: only "exists" can test it`,
        },
      ];
    }
    return [];
  }
  if (comparison.aggregate === undefined) return [];
  const aggregate = config.aggregates[comparison.aggregate];
  if (aggregate === undefined) {
    return [
      {
        path: [...path, 'aggregate'],
        message: unknownName('aggregate', comparison.aggregate, Object.keys(config.aggregates)),
      },
    ];
  }
  const findings: Finding[] = [];
  if (aggregate.per !== undefined && comparison.key === undefined) {
    findings.push({
      path,
      message: `aggregate "${comparison.aggregate}" is kept per ${aggregate.per}: add "key" to name the item`,
    });
  }
  if (aggregate.per === undefined && comparison.key !== undefined) {
    findings.push({
      path: [...path, 'key'],
      message: `aggregate "${comparison.aggregate}" is not kept per item`,
    });
  }
  const allowed = OPERATORS_BY_AGGREGATE[aggregate.type];
  if (operator !== undefined && !allowed.includes(operator)) {
    findings.push({
      path: [...path, operator],
      message: `"${operator}" does not apply to a ${aggregate.type} aggregate (use ${allowed.join(', ')})`,
    });
  }
  return findings;
}
