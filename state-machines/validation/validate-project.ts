import { join } from 'node:path';
import type { z } from 'zod';
import { ParcoursConfig } from '../../language/config.ts';
import { Programs } from '../../language/programs.ts';
import { Scenario } from '../../language/scenario.ts';
import { buildStepTree, type StepNode } from '../model/step-tree.ts';
import { CONFIG_FILE, type ProjectSources } from '../project/load-project.ts';
import type { Template } from '../project/template-files.ts';
import type { YamlSource } from '../project/yaml-source.ts';
import type { Finding, ScenarioCheck, ScenarioCheckContext } from './check-context.ts';
import { checkScenarioConditions, conditionFindings } from './checks/conditions.ts';
import { checkInlineTemplates } from './checks/inline-templates.ts';
import { checkProgram, checkSenders, checkSendTemplates } from './checks/references.ts';
import { checkReservedKeys } from './checks/reserved-keys.ts';
import {
  checkDuplicateStepIds,
  checkHoldoutPlacement,
  checkSplitWeights,
  checkStepsAfterExit,
  checkUniqueVariants,
} from './checks/step-structure.ts';
import { checkTemplates } from './checks/templates.ts';
import { checkClockTriggerEntry, checkTriggerSegments } from './checks/triggers.ts';
import { checkWaitLimits } from './checks/wait-limits.ts';
import { checkWaitUntilDates } from './checks/wait-until.ts';
import { startsWith, withoutInvalidSteps } from './invalid-steps.ts';
import { withNameHints } from './name-hints.ts';
import { schemaFindings } from './schema-issues.ts';
import { formatPath, type Violation } from './violation.ts';

export type ValidatedScenario = {
  readonly file: string;
  readonly scenario: Scenario;
  readonly tree: readonly StepNode[];
};

export type Project = {
  readonly dir: string;
  readonly config: ParcoursConfig;
  readonly programs: Programs;
  readonly scenarios: readonly ValidatedScenario[];
  readonly templates: ReadonlyMap<string, Template>;
};

export type ValidationResult = { readonly project: Project; readonly violations: readonly Violation[] };

/** Structural checks need only the scenario; reference checks need valid project files too. */
const STRUCTURE_CHECKS: readonly ScenarioCheck[] = [
  checkDuplicateStepIds,
  checkHoldoutPlacement,
  checkStepsAfterExit,
  checkSplitWeights,
  checkUniqueVariants,
  checkWaitLimits,
  checkWaitUntilDates,
  checkSendTemplates,
  checkReservedKeys,
  checkClockTriggerEntry,
];
const CONFIG_CHECKS: readonly ScenarioCheck[] = [
  checkScenarioConditions,
  checkSenders,
  checkInlineTemplates,
  checkTriggerSegments,
];
const PROGRAM_CHECKS: readonly ScenarioCheck[] = [checkProgram];

/**
 * Validates a whole project and reports every violation at once, each located in its file. The
 * checks that depend on parcours.config.yaml or programs.yaml only run when those files are valid,
 * so one typo there does not cascade into a page of unrelated errors.
 */
export function validateProject(sources: ProjectSources): ValidationResult {
  const violations: Violation[] = [...sources.violations];
  const parseFile = <T extends z.ZodType>(
    schema: T,
    source: YamlSource | undefined,
    fallback: unknown,
    hints: (findings: Finding[], data: unknown) => Finding[] = (findings) => findings,
  ) => {
    const result = schema.safeParse(source?.data ?? fallback);
    if (!result.success && source !== undefined) {
      const findings = hints(schemaFindings(result.error.issues, source.data), source.data);
      violations.push(...findingsToViolations(source, findings));
    }
    return result;
  };

  const configResult = parseFile(ParcoursConfig, sources.config, {});
  const configUsable = configResult.success && !sources.unreadable.has(join(sources.dir, CONFIG_FILE));
  const config = configResult.success ? configResult.data : ParcoursConfig.parse({});
  // A name a scenario gives that the schema refuses is compared with those the config declares.
  const nameHints = configUsable
    ? (findings: Finding[], data: unknown) => withNameHints(findings, data, config)
    : undefined;
  if (configUsable && sources.config !== undefined) {
    const configSource = sources.config;
    for (const [name, segment] of Object.entries(config.segments)) {
      const findings = conditionFindings(segment.when, ['segments', name, 'when'], config, false);
      violations.push(...findingsToViolations(configSource, findings));
    }
  }
  const programsResult = parseFile(Programs, sources.programs, undefined);
  const programs = programsResult.success ? programsResult.data : { programs: {} };

  const templates = new Map(sources.templates.map((template) => [template.name, template]));
  const checks = [
    ...STRUCTURE_CHECKS,
    ...(configUsable ? CONFIG_CHECKS : []),
    ...(programsResult.success ? PROGRAM_CHECKS : []),
  ];
  const runChecks = (scenario: Scenario, tree = buildStepTree(scenario.steps)): Finding[] => {
    const context: ScenarioCheckContext = { scenario, tree, config, programs, templates };
    return checks.flatMap((check) => check(context));
  };
  const scenarios: ValidatedScenario[] = [];
  const firstFileById = new Map<string, string>();
  for (const source of sources.scenarios) {
    const result = parseFile(Scenario, source, undefined, nameHints);
    if (!result.success) {
      // The rest of the scenario is still checked, so every problem shows at once.
      const findings = findingsAroundInvalidSteps(source.data, result.error.issues, runChecks);
      violations.push(...findingsToViolations(source, findings));
      continue;
    }
    const scenario = result.data;
    const tree = buildStepTree(scenario.steps);
    const findings = runChecks(scenario, tree);
    const sameId = firstFileById.get(scenario.id);
    if (sameId !== undefined)
      findings.push({ path: ['id'], message: `scenario id "${scenario.id}" is already used by ${sameId}` });
    else firstFileById.set(scenario.id, source.file);
    violations.push(...findingsToViolations(source, findings));
    if (findings.length === 0) scenarios.push({ file: source.file, scenario, tree });
  }
  violations.push(...checkTemplates(sources.templates, configUsable ? config : undefined));

  return {
    project: { dir: sources.dir, config, programs, scenarios, templates },
    violations: inReadingOrder(violations),
  };
}

/**
 * Each file's problems from its top down, whichever check found them (the schema's come first
 * otherwise); files stay in the order they were read.
 */
function inReadingOrder(violations: readonly Violation[]): Violation[] {
  const files = [...new Set(violations.map(({ file }) => file))];
  return files.flatMap((file) =>
    violations
      .filter((violation) => violation.file === file)
      .sort((a, b) => (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY)),
  );
}

/**
 * The findings of the checks on a scenario the schema refused, its refused steps replaced by
 * stand-ins (withoutInvalidSteps); none when a problem lies outside any step.
 */
function findingsAroundInvalidSteps(
  data: unknown,
  problems: readonly { readonly path: readonly PropertyKey[] }[],
  check: (scenario: Scenario) => Finding[],
): Finding[] {
  const pruned = withoutInvalidSteps(data, problems);
  if (pruned === undefined) return [];
  const parsed = Scenario.safeParse(pruned.data);
  if (!parsed.success) return [];
  return check(parsed.data).filter(({ path }) => !pruned.replaced.some((step) => startsWith(path, step)));
}

function findingsToViolations(source: YamlSource, findings: readonly Finding[]): Violation[] {
  return findings.map(({ path, message }) => ({
    file: source.file,
    path: formatPath(path),
    message,
    line: source.lineOf(path),
  }));
}
