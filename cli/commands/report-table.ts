import { amount, count, percent } from '../../shared/outcomes/report/format.ts';
import type {
  GroupResult,
  OutcomeReport,
  ProgramOutcome,
  ScenarioOutcome,
  StepResult,
} from '../../shared/outcomes/report/outcome-report.ts';
import { SINCE_THE_START } from '../../shared/outcomes/report-queries.ts';

type Align = 'left' | 'right';
type Column = { readonly title: string; readonly align: Align };

const INDENT = '  ';

const GROUP_COLUMNS: readonly Column[] = [
  { title: 'group', align: 'left' },
  { title: 'variant', align: 'left' },
  { title: 'entered', align: 'right' },
  { title: 'converted', align: 'right' },
  { title: 'rate [95%]', align: 'right' },
  { title: 'revenue', align: 'right' },
  { title: 'revenue/entrant', align: 'right' },
];

const STEP_COLUMNS: readonly Column[] = [
  { title: 'step', align: 'left' },
  { title: 'channel', align: 'left' },
  { title: 'reached', align: 'right' },
  { title: 'sent', align: 'right' },
  { title: 'skipped', align: 'left' },
  { title: 'failed', align: 'right' },
  { title: 'uncertain', align: 'right' },
  { title: 'delivered', align: 'right' },
  { title: 'opened', align: 'right' },
  { title: 'clicked', align: 'right' },
  { title: 'bounced', align: 'right' },
  { title: 'conversions after', align: 'right' },
];

/**
 * The outcome report for a terminal: programs against their target and the global control group,
 * then per scenario its groups, verdicts, steps and cost. Revenue figures carry no currency sign:
 * the header names the one currency they are all in.
 */
export function outcomeReportTable(report: OutcomeReport): string {
  const fromTheStart = report.since === SINCE_THE_START;
  const period = fromTheStart ? 'of every journey' : `since ${report.since}`;
  const lines: string[] = [`Outcomes ${period} (revenue in ${report.currency})`];
  if (report.programs.length > 0) {
    lines.push('', 'Programs');
    for (const program of report.programs) lines.push(...programBlock(program));
  }
  if (report.scenarios.length === 0)
    lines.push('', fromTheStart ? 'No journey entered yet.' : `No journey entered since ${report.since}.`);
  for (const scenario of report.scenarios) lines.push('', ...scenarioBlock(scenario));
  return `${lines.join('\n')}\n`;
}

function programBlock(program: ProgramOutcome): string[] {
  const objective = program.objective === '' ? '' : `: ${program.objective}`;
  const lines = [
    `${INDENT}${program.name} (${program.program})${objective}`,
    `${INDENT}${INDENT}${program.statusWords}`,
    `${INDENT}${INDENT}entrants ${count(program.entered)}, conversions ${count(program.converted)}, revenue ${amount(program.revenue)}`,
  ];
  if (program.uplift !== undefined) lines.push(`${INDENT}${INDENT}${program.uplift.words}`);
  return lines;
}

function scenarioBlock(scenario: ScenarioOutcome): string[] {
  const program = scenario.program === '' ? 'none' : scenario.program;
  const lines = [`${scenario.scenario} (program ${program})`];
  if (scenario.groups.length > 0) lines.push(...table(GROUP_COLUMNS, scenario.groups.map(groupCells)));

  const heldOut = scenario.groups.some((group) => group.group === 'holdout');
  const verdicts = [
    ...(scenario.uplift !== undefined
      ? [scenario.uplift.words]
      : heldOut
        ? []
        : ['no holdout: add a `holdout` step to measure what the scenario adds']),
    ...scenario.variants.map((comparison) => comparison.words),
  ];
  if (verdicts.length > 0) lines.push('', ...verdicts.map((words) => `${INDENT}${words}`));

  if (scenario.steps.length > 0) lines.push('', ...table(STEP_COLUMNS, scenario.steps.map(stepCells)));

  const footnotes = [
    ...(scenario.cost === undefined ? [] : [costWords(scenario.cost)]),
    ...(scenario.otherCurrency > 0 ? [otherCurrencyWords(scenario.otherCurrency)] : []),
  ];
  if (footnotes.length > 0) lines.push('', ...footnotes.map((words) => `${INDENT}${words}`));
  return lines;
}

function groupCells(group: GroupResult): string[] {
  const variant =
    group.step === undefined || group.variant === undefined ? '' : `${group.step}:${group.variant}`;
  return [
    group.group,
    variant,
    count(group.entered),
    count(group.converted),
    `${percent(group.conversionRate)}% [${percent(group.interval.low)}, ${percent(group.interval.high)}]`,
    amount(group.revenue),
    amount(group.revenuePerEntrant),
  ];
}

function stepCells(step: StepResult): string[] {
  return [
    step.step,
    step.channel,
    count(step.reached),
    count(step.sent),
    skippedWords(step.skipped),
    count(step.failed),
    count(step.uncertain),
    count(step.delivered),
    count(step.opened),
    count(step.clicked),
    count(step.bounced),
    count(step.conversionsAfter),
  ];
}

/** Reasons in alphabetical order, so the cell reads the same whatever order the facts came in. */
function skippedWords(skipped: Readonly<Record<string, number>>): string {
  const reasons = Object.entries(skipped)
    .filter(([, total]) => total > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reason, total]) => `${reason} ${count(total)}`);
  return reasons.length === 0 ? '-' : reasons.join(', ');
}

function costWords(cost: NonNullable<ScenarioOutcome['cost']>): string {
  return [
    `cost ${dollars(cost.dollars)}`,
    ...(cost.perConversion === undefined ? [] : [`${dollars(cost.perConversion)} per conversion`]),
    ...(cost.perIncremental === undefined
      ? []
      : [`${dollars(cost.perIncremental)} per incremental conversion`]),
  ].join(', ');
}

function otherCurrencyWords(total: number): string {
  return total === 1
    ? '1 conversion in another currency not counted in revenue'
    : `${count(total)} conversions in other currencies not counted in revenue`;
}

/** Columns as wide as their widest cell, text to the left, figures to the right. */
function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const header = columns.map((column) => column.title);
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, ...rows.map((cells) => (cells[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    INDENT +
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ');
  return [line(header), ...rows.map(line)];
}

/** AWS costs per journey are fractions of a cent: four decimals keep them readable. */
const dollars = (value: number): string =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 })}`;
