import { analyzeSync, type Liquid, type Template as LiquidTemplate } from 'liquidjs';
import type { ParcoursConfig } from '../../../language/config.ts';
import { createLiquidEngine } from '../../../language/templates/liquid-engine.ts';
import { JOURNEY_FIELDS, TEMPLATE_ROOTS } from '../../../language/templates/template-scope.ts';
import {
  KNOWN_FIELDS,
  REQUIRED_FIELDS,
  type Template,
  type TemplateFile,
} from '../../project/template-files.ts';
import { checkLiquid, type Located } from '../liquid-syntax.ts';
import { didYouMean, unknownName } from '../suggest.ts';
import type { Violation } from '../violation.ts';

/**
 * Every template file: Liquid syntax, front matter, locale, and variables that cannot exist. Without
 * a usable parcours.config.yaml, what depends on it (locales, aggregates, segments) is not checked.
 */
export function checkTemplates(
  templates: readonly Template[],
  config: ParcoursConfig | undefined,
): Violation[] {
  const engine = createLiquidEngine();
  return templates.flatMap((template) =>
    template.files.flatMap((file) =>
      fileFindings(engine, file, config).map((found) => toViolation(file, found)),
    ),
  );
}

function fileFindings(engine: Liquid, file: TemplateFile, config: ParcoursConfig | undefined): Located[] {
  const findings: Located[] = [];
  if (config !== undefined && file.locale !== undefined && !config.locales.supported.includes(file.locale)) {
    findings.push({
      line: 0,
      col: 0,
      message: `locale "${file.locale}" is not in locales.supported (${config.locales.supported.join(', ')}) of parcours.config.yaml`,
    });
  }
  if (file.part !== 'text' || file.channel !== 'email') {
    for (const field of REQUIRED_FIELDS[file.channel]) {
      if (file.fields[field] === undefined)
        findings.push({ line: 1, col: 1, message: `missing "${field}" in the front matter` });
    }
  }
  for (const field of Object.keys(file.fields)) {
    if (!KNOWN_FIELDS[file.channel].includes(field)) {
      findings.push({
        line: 1,
        col: 1,
        message: `unknown front-matter field "${field}"${didYouMean(field, KNOWN_FIELDS[file.channel])}`,
      });
    }
  }
  const include = /\{%-?\s*(include|render)\b/.exec(file.body);
  if (include !== null) {
    const line = file.bodyLineOffset + file.body.slice(0, include.index).split('\n').length;
    findings.push({
      line,
      col: 1,
      message: `"${include[1]}" is not available: a template cannot read other files`,
    });
  }
  // Front-matter fields are Liquid too; positions inside them are shifted to where they sit in the file.
  const sources = [
    ...Object.entries(file.fields).map(([field, text]) => ({
      text,
      start: file.fieldPositions[field] ?? { line: 1, col: 1 },
    })),
    // A body that includes files is not analysed further: analysis would try to read them.
    ...(include === null ? [{ text: file.body, start: { line: file.bodyLineOffset + 1, col: 1 } }] : []),
  ];
  for (const { text, start } of sources) {
    for (const item of liquidFindings(engine, text, config)) {
      findings.push({
        ...item,
        line: start.line + item.line - 1,
        col: item.line === 1 ? start.col + item.col - 1 : item.col,
      });
    }
  }
  return findings;
}

/**
 * Liquid syntax errors, then the variables that cannot exist, checked even past a syntax error:
 * the author sees every problem of the text at once.
 */
export function liquidFindings(engine: Liquid, text: string, config: ParcoursConfig | undefined): Located[] {
  const { errors, template, removedNames } = checkLiquid(engine, text);
  const variables = template === undefined ? [] : unknownVariables(template, config, removedNames);
  return [...errors, ...variables];
}

/** Variables not assigned in the template must start at a root the renderer provides. */
export function unknownVariables(
  template: LiquidTemplate[],
  config: ParcoursConfig | undefined,
  /** Names a tag taken out for a syntax error may have defined: not reported as unknown. */
  removedNames: ReadonlySet<string> = new Set(),
): Located[] {
  const roots = Object.keys(TEMPLATE_ROOTS);
  const findings: Located[] = [];
  for (const [root, uses] of Object.entries(analyzeSync(template).globals)) {
    for (const variable of uses) {
      const at = { line: variable.location.row, col: variable.location.col };
      const child = variable.segments[1];
      const name = typeof child === 'string' ? child : undefined;
      if (!(root in TEMPLATE_ROOTS)) {
        if (removedNames.has(root)) continue;
        findings.push({
          ...at,
          message: `${unknownName('variable', root, roots)}: a template can read ${roots.join(', ')}`,
        });
      } else if (
        root === 'aggregates' &&
        config !== undefined &&
        name !== undefined &&
        !(name in config.aggregates)
      ) {
        findings.push({ ...at, message: unknownName('aggregate', name, Object.keys(config.aggregates)) });
      } else if (
        root === 'segments' &&
        config !== undefined &&
        name !== undefined &&
        !(name in config.segments)
      ) {
        findings.push({ ...at, message: unknownName('segment', name, Object.keys(config.segments)) });
      } else if (
        root === 'journey' &&
        name !== undefined &&
        !(JOURNEY_FIELDS as readonly string[]).includes(name)
      ) {
        findings.push({ ...at, message: unknownName('journey field', name, JOURNEY_FIELDS) });
      }
    }
  }
  return findings;
}

function toViolation(file: TemplateFile, found: Located): Violation {
  const path = found.line > 0 ? `${found.line}:${found.col}` : '';
  return { file: file.file, path, message: found.message, ...(found.line > 0 ? { line: found.line } : {}) };
}
