import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Violation } from '../validation/violation.ts';
import { parseTemplateFile, type Template, type TemplateFile } from './template-files.ts';
import { parseYaml, type YamlSource } from './yaml-source.ts';

export const CONFIG_FILE = 'parcours.config.yaml';
export const PROGRAMS_FILE = 'programs.yaml';
export const TEMPLATES_DIR = 'templates';

/** Everything a project folder holds, read and parsed as YAML but not yet validated. */
export type ProjectSources = {
  readonly dir: string;
  readonly config: YamlSource | undefined;
  readonly programs: YamlSource | undefined;
  readonly scenarios: readonly YamlSource[];
  readonly templates: readonly Template[];
  /** Problems with files that could not be read or parsed at all. */
  readonly violations: readonly Violation[];
  /** Those files: a project file among them is not there to check against. */
  readonly unreadable: ReadonlySet<string>;
};

export async function loadProject(dir: string): Promise<ProjectSources> {
  const violations: Violation[] = [];
  const unreadable = new Set<string>();
  const entries = await readdir(dir).catch(() => {
    throw new Error(`${dir}: no such folder (expected the folder holding the scenarios, e.g. "scenarios")`);
  });

  const readYaml = async (name: string): Promise<YamlSource | undefined> => {
    const file = join(dir, name);
    const parsed = parseYaml(file, await readFile(file, 'utf8'));
    violations.push(...parsed.violations);
    if (parsed.source === undefined) unreadable.add(file);
    return parsed.source;
  };

  const config = entries.includes(CONFIG_FILE) ? await readYaml(CONFIG_FILE) : undefined;
  const programs = entries.includes(PROGRAMS_FILE) ? await readYaml(PROGRAMS_FILE) : undefined;
  if (!entries.includes(PROGRAMS_FILE)) {
    violations.push({
      file: join(dir, PROGRAMS_FILE),
      path: '',
      message: 'missing: every scenario belongs to a program',
    });
  }
  const scenarioNames = entries
    .filter((name) => /\.ya?ml$/.test(name) && name !== CONFIG_FILE && name !== PROGRAMS_FILE)
    .sort();
  const scenarios: YamlSource[] = [];
  for (const name of scenarioNames) {
    const source = await readYaml(name);
    if (source !== undefined) scenarios.push(source);
  }
  const templates = entries.includes(TEMPLATES_DIR)
    ? await loadTemplates(join(dir, TEMPLATES_DIR), violations)
    : [];
  return { dir, config, programs, scenarios, templates, violations, unreadable };
}

async function loadTemplates(templatesDir: string, violations: Violation[]): Promise<Template[]> {
  const templates: Template[] = [];
  for (const name of (await readdir(templatesDir)).sort()) {
    const folder = join(templatesDir, name);
    if (!(await stat(folder)).isDirectory()) {
      violations.push({
        file: folder,
        path: '',
        message: 'expected a folder per template, e.g. templates/cart-reminder/',
      });
      continue;
    }
    const files: TemplateFile[] = [];
    for (const fileName of (await readdir(folder)).sort()) {
      const file = join(folder, fileName);
      const parsed = parseTemplateFile(file, fileName, await readFile(file, 'utf8'));
      if (parsed.template !== undefined) files.push(parsed.template);
      if (parsed.error !== undefined) violations.push({ file, path: '', message: parsed.error });
    }
    templates.push({ name, folder, files });
  }
  return templates;
}
