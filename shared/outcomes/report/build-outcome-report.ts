import type { Program } from '../../../language/programs.ts';
import type { FactGroup } from '../outcome-fact.ts';
import {
  type GroupFigures,
  type OutcomeFigures,
  type ScenarioGroupRow,
  sumFigures,
} from '../report-queries.ts';
import { wilsonInterval } from '../statistics/proportions.ts';
import { compare } from './compare.ts';
import { percent } from './format.ts';
import type {
  Comparison,
  GroupResult,
  OutcomeReport,
  ProgramOutcome,
  ScenarioOutcome,
  StepResult,
} from './outcome-report.ts';

/** What the report needs to know of the project beyond the facts. */
export type ReportContext = {
  readonly since: string;
  readonly currency: string;
  readonly programs: Readonly<Record<string, Program>>;
  /** Each scenario's program. */
  readonly scenarios: Readonly<Record<string, string>>;
  /** The estimated AWS cost of each scenario's journeys in the window, in dollars, when known. */
  readonly costs?: Readonly<Record<string, number>>;
  /** Only this program's scenarios, or only this scenario. */
  readonly program?: string | undefined;
  readonly scenario?: string | undefined;
};

/** The smallest uplift worth detecting when a program declares none. */
const FALLBACK_UPLIFT = 0.01;

/**
 * Turns the SQL files' figures into the report: per scenario its groups, uplift against the
 * holdout, variants, steps and cost; per program its rate against the target and its uplift
 * against the global control group.
 */
export function buildOutcomeReport(figures: OutcomeFigures, context: ReportContext): OutcomeReport {
  const scenarioIds = [...new Set(figures.groups.map((row) => row.scenario))]
    .filter((id) => context.scenario === undefined || id === context.scenario)
    .filter((id) => context.program === undefined || programOf(context, id) === context.program)
    .sort();
  const programIds = [
    ...new Set([...Object.keys(context.programs), ...figures.programs.map((row) => row.program)]),
  ]
    .filter((id) => id !== '')
    .filter((id) => context.program === undefined || id === context.program)
    .filter((id) => context.scenario === undefined || id === programOf(context, context.scenario))
    .sort();
  return {
    since: context.since,
    currency: context.currency,
    // A program nobody entered says nothing, unless it was asked for by name.
    programs: programIds
      .map((id) => programOutcome(id, figures, context))
      .filter((program) => program.status !== 'no-entrants' || context.program === program.program),
    scenarios: scenarioIds.map((id) => scenarioOutcome(id, figures, context)),
  };
}

const programOf = (context: ReportContext, scenario: string): string => context.scenarios[scenario] ?? '';

function minimumUplift(program: Program | undefined, baseline: number): number {
  if (program?.uplift !== undefined) return program.uplift / 100;
  const gap = program === undefined ? 0 : program.target / 100 - baseline;
  return gap > FALLBACK_UPLIFT ? gap : FALLBACK_UPLIFT;
}

function groupResult(
  group: FactGroup,
  figures: GroupFigures,
  variant?: { step: string; variant: string },
): GroupResult {
  const interval = wilsonInterval(figures.converted, figures.entered);
  return {
    group,
    ...(variant ?? {}),
    entered: figures.entered,
    converted: figures.converted,
    conversionRate: figures.entered === 0 ? 0 : figures.converted / figures.entered,
    interval,
    revenue: figures.revenue,
    revenuePerEntrant: figures.entered === 0 ? 0 : figures.revenue / figures.entered,
  };
}

const GROUP_LABELS: Readonly<Record<FactGroup, string>> = {
  treatment: 'the treatment',
  holdout: 'the holdout',
  'global-control': 'the global control group',
};

function scenarioOutcome(scenario: string, figures: OutcomeFigures, context: ReportContext): ScenarioOutcome {
  const program = programOf(context, scenario);
  const rows = figures.groups.filter((row) => row.scenario === scenario);
  const of = (group: FactGroup): GroupFigures =>
    sumFigures(rows.filter((row: ScenarioGroupRow) => row.grp === group));
  const treatment = of('treatment');
  const holdout = of('holdout');
  const baseline = holdout.entered === 0 ? 0 : holdout.converted / holdout.entered;
  const uplift = minimumUplift(context.programs[program], baseline);
  const groups: GroupResult[] = (['treatment', 'holdout', 'global-control'] as const)
    .filter((group) => of(group).entered > 0)
    .map((group) => groupResult(group, of(group)));

  const variantRows = figures.variants.filter((row) => row.scenario === scenario);
  for (const row of variantRows)
    groups.push(groupResult('treatment', row, { step: row.step, variant: row.variant }));

  const variants: Comparison[] = [];
  for (const step of [...new Set(variantRows.map((row) => row.step))]) {
    const ofStep = variantRows
      .filter((row) => row.step === step)
      .sort((a, b) => rate(b) - rate(a) || a.variant.localeCompare(b.variant));
    for (const row of ofStep) {
      const comparison = compare(
        { label: `variant ${row.variant}`, figures: row },
        { label: GROUP_LABELS.holdout, figures: holdout },
        uplift,
        context.currency,
      );
      if (comparison !== undefined) variants.push(comparison);
    }
    const [leader, next] = ofStep;
    if (leader !== undefined && next !== undefined) {
      const head = compare(
        { label: `variant ${leader.variant}`, figures: leader },
        { label: `variant ${next.variant}`, figures: next },
        uplift,
        context.currency,
      );
      if (head !== undefined) variants.push(head);
    }
  }

  const versusHoldout = compare(
    { label: `${scenario}`, figures: treatment },
    { label: GROUP_LABELS.holdout, figures: holdout },
    uplift,
    context.currency,
  );
  const dollars = context.costs?.[scenario];
  const incremental = versusHoldout?.incrementalConversions.estimate;
  return {
    scenario,
    program,
    groups,
    ...(versusHoldout === undefined ? {} : { uplift: versusHoldout }),
    variants,
    steps: stepResults(scenario, figures),
    otherCurrency: rows.reduce((total, row) => total + row.other_currency, 0),
    ...(dollars === undefined
      ? {}
      : {
          cost: {
            dollars,
            ...(treatment.converted > 0 ? { perConversion: dollars / treatment.converted } : {}),
            ...(incremental !== undefined && incremental > 0
              ? { perIncremental: dollars / incremental }
              : {}),
          },
        }),
  };
}

const rate = (figures: GroupFigures): number =>
  figures.entered === 0 ? 0 : figures.converted / figures.entered;

function stepResults(scenario: string, figures: OutcomeFigures): StepResult[] {
  const steps = new Map<string, StepResult>();
  const step = (id: string, channel = ''): StepResult => {
    const found = steps.get(id);
    if (found !== undefined) return found;
    const created: StepResult = {
      step: id,
      channel,
      reached: 0,
      sent: 0,
      skipped: {},
      failed: 0,
      uncertain: 0,
      delivered: 0,
      opened: 0,
      clicked: 0,
      bounced: 0,
      conversionsAfter: 0,
      revenueAfter: 0,
    };
    steps.set(id, created);
    return created;
  };
  for (const row of figures.steps.filter((candidate) => candidate.scenario === scenario)) {
    const result = step(row.step, row.channel);
    result.reached += row.messages;
    if (row.outcome === 'sent') result.sent += row.messages;
    else if (row.outcome === 'failed') result.failed += row.messages;
    else if (row.outcome === 'uncertain') result.uncertain += row.messages;
    else if (row.outcome === 'skipped') {
      const reason = row.reason === '' ? 'unknown' : row.reason;
      result.skipped[reason] = (result.skipped[reason] ?? 0) + row.messages;
    }
  }
  for (const row of figures.deliveries.filter((candidate) => candidate.scenario === scenario)) {
    const result = step(row.step);
    switch (row.measure) {
      case 'delivered':
      case 'opened':
      case 'clicked':
      case 'bounced':
        result[row.measure] += row.total;
        break;
      case 'converted':
        result.conversionsAfter += row.total;
        result.revenueAfter += row.revenue;
        break;
    }
  }
  return [...steps.values()].sort((a, b) => a.step.localeCompare(b.step));
}

function programOutcome(id: string, figures: OutcomeFigures, context: ReportContext): ProgramOutcome {
  const program = context.programs[id];
  const rows = figures.programs.filter((row) => row.program === id);
  const treatment = sumFigures(rows.filter((row) => row.grp === 'treatment'));
  const control = sumFigures(rows.filter((row) => row.grp === 'global-control'));
  const target = (program?.target ?? 0) / 100;
  const interval = wilsonInterval(treatment.converted, treatment.entered);
  const conversionRate = rate(treatment);
  const status: ProgramOutcome['status'] =
    treatment.entered === 0
      ? 'no-entrants'
      : interval.low >= target
        ? 'on-track'
        : interval.high < target
          ? 'behind'
          : 'cannot-tell';
  const measured = `${percent(conversionRate)}% [${percent(interval.low)}%, ${percent(interval.high)}%] against a target of ${percent(target)}%`;
  const statusWords = {
    'no-entrants': 'no journey entered yet',
    'on-track': `on track: ${measured}`,
    behind: `behind: ${measured}`,
    'cannot-tell': `cannot tell yet: ${measured}`,
  }[status];
  const uplift = compare(
    { label: `program ${id}`, figures: treatment },
    { label: GROUP_LABELS['global-control'], figures: control },
    minimumUplift(program, rate(control)),
    context.currency,
  );
  return {
    program: id,
    name: program?.name ?? id,
    objective: program?.objective ?? '',
    target,
    entered: treatment.entered,
    converted: treatment.converted,
    conversionRate,
    interval,
    revenue: treatment.revenue,
    status,
    statusWords,
    ...(uplift === undefined ? {} : { uplift }),
  };
}
