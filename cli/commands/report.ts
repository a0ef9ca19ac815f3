import { join } from 'node:path';
import * as z from 'zod';
import { Duration, durationSeconds } from '../../language/duration.ts';
import { hasDataFolder, noDataYet } from '../../local/dev/data-folder-presence.ts';
import { readSavedClock } from '../../local/dev/saved-clock.ts';
import { figuresOfFolder } from '../../local/outcomes/fact-outcomes.ts';
import { FACTS_FOLDER } from '../../local/outcomes/file-sink.ts';
import { buildOutcomeReport, type ReportContext } from '../../shared/outcomes/report/build-outcome-report.ts';
import { type OutcomeFigures, SINCE_THE_START } from '../../shared/outcomes/report-queries.ts';
import { compileProject } from '../../state-machines/compile-project.ts';
import { pathStats } from '../../state-machines/compiler/path-stats.ts';
import { unknownName } from '../../state-machines/validation/suggest.ts';
import { EXIT } from '../defaults.ts';
import { optionProblems } from '../input/option-problems.ts';
import { fail } from '../output/fail.ts';
import { loadValidProject } from '../project.ts';
import { athenaFigures } from '../reports/athena-figures.ts';
import { outcomeReportTable } from './report-table.ts';

const ReportOptions = z.object({
  program: z.string().min(1).optional(),
  scenario: z.string().min(1).optional(),
  since: z.string().min(1).optional(),
  json: z.boolean().optional(),
  aws: z.boolean().optional(),
  stack: z.string().min(1),
  data: z.string().min(1),
  dir: z.string().min(1),
});
type ReportOptions = z.infer<typeof ReportOptions>;

export async function runReport(raw: unknown): Promise<void> {
  const parsed = ReportOptions.safeParse(raw);
  if (!parsed.success) return fail(EXIT.usage, optionProblems(parsed.error, raw));
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    await report(parsed.data);
  } catch (error) {
    fail(EXIT.usage, error instanceof Error ? error.message : String(error));
  }
}

async function report(options: ReportOptions): Promise<void> {
  // A scenario with problems would be left out of the report, or its journeys counted under no
  // program: the report is refused, as compile is, with every problem listed above.
  const { project, violations } = await loadValidProject(options.dir);
  if (violations.length > 0)
    return fail(EXIT.invalid, `not reported: ${violations.length} problem(s) in ${options.dir}`);
  const compiled = compileProject(project);
  // A misspelled id would otherwise give an empty report, read as "no journey yet".
  const scenarioIds = compiled.map(({ scenario }) => scenario.id);
  if (options.scenario !== undefined && !scenarioIds.includes(options.scenario))
    return fail(EXIT.usage, `--scenario: ${unknownName('scenario', options.scenario, scenarioIds)}`);
  const programIds = Object.keys(project.programs.programs);
  if (options.program !== undefined && !programIds.includes(options.program))
    return fail(EXIT.usage, `--program: ${unknownName('program', options.program, programIds)}`);
  if (options.aws !== true && !(await hasDataFolder(options.data)))
    return fail(EXIT.usage, noDataYet(options.data));
  const now = options.aws === true ? new Date() : ((await readSavedClock(options.data)) ?? new Date());
  const since = sinceOf(options.since, now);
  const currency = project.config.currency;
  const figures: OutcomeFigures =
    options.aws === true
      ? await athenaFigures(options.stack, { since, currency })
      : await figuresOfFolder(join(options.data, FACTS_FOLDER), { since, currency });
  const context: ReportContext = {
    since,
    currency,
    programs: project.programs.programs,
    scenarios: Object.fromEntries(compiled.map(({ scenario }) => [scenario.id, scenario.program])),
    costs: estimatedCosts(compiled, figures),
    program: options.program,
    scenario: options.scenario,
  };
  const outcome = buildOutcomeReport(figures, context);
  process.stdout.write(
    options.json === true ? `${JSON.stringify(outcome, null, 2)}\n` : outcomeReportTable(outcome),
  );
}

/**
 * What each scenario's journeys cost at most in Step Functions and Lambda: every entrant priced
 * at the scenario's longest path (its compile stats), since the facts do not hold each journey's
 * path; `simulate --report` counts the real transitions instead.
 */
function estimatedCosts(
  compiled: ReturnType<typeof compileProject>,
  figures: OutcomeFigures,
): Record<string, number> {
  const costs: Record<string, number> = {};
  for (const { scenario, compiled: machine } of compiled) {
    const entered = figures.groups
      .filter((row) => row.scenario === scenario.id)
      .reduce((sum, row) => sum + row.entered, 0);
    if (entered > 0)
      costs[scenario.id] = (entered * pathStats(machine.definition).longest.pricePer1000) / 1000;
  }
  return costs;
}

function sinceOf(since: string | undefined, now: Date): string {
  // The report counts every journey when no --since is given.
  if (since === undefined) return SINCE_THE_START;
  if (Duration.safeParse(since).success)
    return new Date(now.getTime() - durationSeconds(since) * 1000).toISOString();
  // Only ISO dates and times: Date.parse would also take "7" (the unit forgotten) as a year.
  const iso = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).safeParse(since);
  if (!iso.success)
    throw new Error(
      `--since: expected an ISO time (2026-11-01 or 2026-11-01T09:00:00Z) or a duration such as 30d, got "${since}"`,
    );
  return new Date(iso.data).toISOString();
}
