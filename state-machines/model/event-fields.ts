import { forEachLeaf } from '../../language/condition.ts';
import type { Scenario } from '../../language/scenario.ts';
import { allNodes, type StepNode } from './step-tree.ts';

/**
 * The trigger-event fields a scenario's states read (branch conditions on `event.…`, waits until
 * an event date). Ingest copies only these into the execution, so the execution
 * holds no more of the event than its Choice and Wait states need.
 */
export function eventFieldsRead(scenario: Scenario, tree: readonly StepNode[]): string[] {
  const fields = new Set<string>();
  for (const node of allNodes(tree)) {
    if (node.kind === 'branch') {
      for (const path of node.paths) {
        forEachLeaf(path.when, (leaf) => {
          if (!('segment' in leaf) && leaf.event !== undefined) fields.add(leaf.event);
        });
      }
    }
    if (
      node.kind === 'wait' &&
      typeof node.step.wait === 'object' &&
      node.step.wait.until?.startsWith('event.')
    ) {
      fields.add(node.step.wait.until.slice('event.'.length));
    }
  }
  if (scenario.entry.key !== undefined) fields.add(scenario.entry.key);
  return [...fields].sort();
}
