import { createLiquidEngine } from '../../../language/templates/liquid-engine.ts';
import { allNodes } from '../../model/step-tree.ts';
import type { Finding, ScenarioCheck } from '../check-context.ts';
import type { PathSegment } from '../violation.ts';
import { liquidFindings } from './templates.ts';

/**
 * Webhook requests, emitted events and profile updates may hold Liquid in their strings
 * ("{{ profile.company.name }}"); they get the same syntax and variable checks as template files.
 */
export const checkInlineTemplates: ScenarioCheck = ({ tree, config }) => {
  const engine = createLiquidEngine();
  const findings: Finding[] = [];
  for (const node of allNodes(tree)) {
    const roots: { value: unknown; path: PathSegment[] }[] = [];
    if (node.kind === 'webhook') roots.push({ value: node.step.webhook, path: [...node.path, 'webhook'] });
    if (node.kind === 'emit')
      roots.push({ value: node.step.emit.detail, path: [...node.path, 'emit', 'detail'] });
    if (node.kind === 'update-profile') {
      roots.push({ value: node.step['update-profile'].set, path: [...node.path, 'update-profile', 'set'] });
    }
    for (const { value, path } of roots) {
      forEachString(value, path, (text, at) => {
        if (!text.includes('{')) return;
        for (const found of liquidFindings(engine, text, config))
          findings.push({ path: at, message: found.message });
      });
    }
  }
  return findings;
};

function forEachString(
  value: unknown,
  path: PathSegment[],
  visit: (text: string, path: PathSegment[]) => void,
): void {
  if (typeof value === 'string') {
    visit(value, path);
    return;
  }
  const children: [PathSegment, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) forEachString(child, [...path, key], visit);
}
