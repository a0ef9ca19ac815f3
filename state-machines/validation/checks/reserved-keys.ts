import { allNodes } from '../../model/step-tree.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';
import type { PathSegment } from '../violation.ts';

/**
 * Step payloads are copied into Task parameters, where Step Functions reads any key ending in
 * ".$" as a path into the state. A user's key like that would silently become a lookup.
 */
export const checkReservedKeys: ScenarioCheck = ({ tree }) => {
  const findings: Finding[] = [];
  for (const node of allNodes(tree)) {
    const payload =
      node.kind === 'update-profile'
        ? { value: node.step['update-profile'], at: 'update-profile' }
        : node.kind === 'emit'
          ? { value: node.step.emit, at: 'emit' }
          : node.kind === 'webhook'
            ? { value: node.step.webhook, at: 'webhook' }
            : node.kind === 'wait-for'
              ? { value: node.step['wait-for'].event, at: 'wait-for' }
              : undefined;
    if (payload === undefined) continue;
    visitKeys(payload.value, [...node.path, payload.at], (key, path) => {
      if (key.endsWith('.$'))
        findings.push({
          path,
          message: `a key may not end in ".$": Step Functions would read "${key}" as a path`,
        });
    });
  }
  return findings;
};

function visitKeys(
  value: unknown,
  path: PathSegment[],
  visit: (key: string, path: PathSegment[]) => void,
): void {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) visitKeys(item, [...path, index], visit);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    visit(key, [...path, key]);
    visitKeys(child, [...path, key], visit);
  }
}
