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
    if (node.kind === 'webhook') {
      roots.push({ value: node.step.webhook, path: [...node.path, 'webhook'] });
      for (const filter of encodedTwice(node.step.webhook.url))
        findings.push({
          path: [...node.path, 'webhook', 'url'],
          message: `"| ${filter}" would encode a value twice: each value in a webhook URL is percent-encoded already (end with "| raw" to write one as it is)`,
        });
    }
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

/**
 * URL-encoding filters that end an output of a webhook URL, which the step's rendering encodes
 * (language/templates/liquid-engine.ts). None of them takes an argument, so the filter is the last
 * when the output's closing braces follow it.
 */
function encodedTwice(url: string): string[] {
  return [...url.matchAll(/\|\s*(url_encode|cgi_escape|uri_escape)\s*-?\}\}/g)].flatMap((match) =>
    match[1] === undefined ? [] : [match[1]],
  );
}
