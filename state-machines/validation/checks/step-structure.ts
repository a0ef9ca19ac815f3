import { allNodes, childLists, type StepNode } from '../../model/step-tree.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';
import { formatPath } from '../violation.ts';

/** Step ids must be unique: they key the send ledger, metrics and state names. */
export const checkDuplicateStepIds: ScenarioCheck = ({ tree }) => {
  const firstSeen = new Map<string, StepNode>();
  const findings: Finding[] = [];
  for (const node of allNodes(tree)) {
    if (node.step.id === undefined) continue;
    const first = firstSeen.get(node.id);
    if (first === undefined) firstSeen.set(node.id, node);
    else
      findings.push({
        path: [...node.path, 'id'],
        message: `duplicate step id "${node.id}" (first used at ${formatPath(first.path)})`,
      });
  }
  return findings;
};

/**
 * An exit ends the journey, and so does a branch, split or wait-for whose every path ends in one:
 * anything after it in the same list can never run.
 */
export const checkStepsAfterExit: ScenarioCheck = ({ tree }) => {
  const findings: Finding[] = [];
  const visit = (list: readonly StepNode[]): void => {
    const endIndex = list.findIndex(alwaysEnds);
    const ender = list[endIndex];
    const unreachable = list[endIndex + 1];
    if (ender !== undefined && unreachable !== undefined) {
      const why =
        ender.kind === 'exit' ? 'an "exit"' : `"${ender.id}", whose every path ends with an "exit",`;
      findings.push({
        path: unreachable.path,
        message: `unreachable: this step comes after ${why} in the same list`,
      });
    }
    for (const node of list) for (const children of childLists(node)) visit(children);
  };
  visit(tree);
  return findings;
};

function alwaysEnds(node: StepNode): boolean {
  const listEnds = (list: readonly StepNode[]): boolean => list.some(alwaysEnds);
  switch (node.kind) {
    case 'exit':
      return true;
    case 'branch':
      return node.paths.every((path) => listEnds(path.steps)) && listEnds(node.otherwise);
    case 'split':
      return node.paths.every((path) => listEnds(path.steps));
    case 'wait-for':
      return listEnds(node.onEvent) && listEnds(node.onTimeout);
    default:
      return false;
  }
}

export const checkSplitWeights: ScenarioCheck = ({ tree }) =>
  allNodes(tree).flatMap((node) => {
    if (node.kind !== 'split') return [];
    const total = node.paths.reduce((sum, path) => sum + path.weight, 0);
    if (total === 100) return [];
    return [{ path: [...node.path, 'split'], message: `split weights sum to ${total}, expected 100` }];
  });

export const checkUniqueVariants: ScenarioCheck = ({ tree }) =>
  allNodes(tree).flatMap((node) => {
    if (node.kind !== 'split') return [];
    const seen = new Set<string>();
    return node.paths.flatMap((path, index) => {
      if (!seen.has(path.variant)) {
        seen.add(path.variant);
        return [];
      }
      return [
        { path: [...node.path, 'split', index, 'variant'], message: `duplicate variant "${path.variant}"` },
      ];
    });
  });

/**
 * A journey's group (treatment or holdout) is decided once, at entry, from the scenario's one
 * holdout (shared/outcomes/placement.ts): a holdout inside a branch, split or wait-for path left
 * customers of the other paths, sent their messages, counted as held out, and a second holdout's
 * customers, sent nothing, counted as treated. So a scenario holds at most one, in its top-level
 * steps.
 */
export const checkHoldoutPlacement: ScenarioCheck = ({ tree }) => {
  const holdouts = allNodes(tree).filter((node) => node.kind === 'holdout');
  const findings: Finding[] = [];
  for (const [index, node] of holdouts.entries()) {
    const first = holdouts[0];
    if (index > 0 && first !== undefined)
      findings.push({
        path: node.path,
        message: `a scenario has one holdout (first at ${formatPath(first.path)}): its group is decided once, at entry`,
      });
    else if (node.path.length > 2)
      findings.push({
        path: node.path,
        message:
          "a holdout goes in the scenario's top-level steps, not inside a branch, split or wait-for path: every customer who enters is placed in its group at entry, whatever path they take",
      });
  }
  return findings;
};
