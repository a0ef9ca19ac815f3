import { describe, expect, it } from 'vitest';
import { outcomeReportTable } from '../../../cli/commands/report-table.ts';
import type {
  Comparison,
  GroupResult,
  OutcomeReport,
  StepResult,
} from '../../../shared/outcomes/report/outcome-report.ts';
import { SINCE_THE_START } from '../../../shared/outcomes/report-queries.ts';

const PROGRAM_UPLIFT =
  'program reactivation beats the global control group: +1.8 points [+0.9, +2.7], 95%; +2,345.67 EUR incremental revenue';
const SCENARIO_UPLIFT =
  'winback beats the holdout: +1.9 points [+0.6, +3.1], 95%; +20,123.45 EUR incremental revenue';
const DISCOUNT_VERDICT =
  'variant discount beats the holdout: +2.5 points [+1.1, +3.9], 95%; +9,870.12 EUR incremental revenue';
const SHIPPING_VERDICT =
  'cannot tell yet whether variant free-shipping beats the holdout: +1.4 points [-0.1, +2.8], 95% (about 1,200 more entrants in variant free-shipping and 300 more in the holdout would detect +1.0 points)';
const LEADER_VERDICT =
  'cannot tell yet whether variant discount beats variant free-shipping: +1.1 points [+0.1, +2.0], 95% (about 4,500 more entrants in variant discount and 4,500 more in variant free-shipping would detect +1.0 points)';

function comparison(
  subject: string,
  against: string,
  verdict: Comparison['verdict'],
  words: string,
): Comparison {
  return {
    subject,
    against,
    absolute: { estimate: 0.019, low: 0.006, high: 0.031 },
    alwaysValid: { low: 0.001, high: 0.037 },
    relative: { estimate: 0.43, low: 0.12, high: 0.81 },
    incrementalConversions: { estimate: 209, low: 66, high: 341 },
    incrementalRevenue: { estimate: 20_123.45, low: 5_000, high: 35_000 },
    verdict,
    ...(verdict === 'cannot-tell' ? { needed: { subject: 1_200, against: 300, uplift: 0.01 } } : {}),
    words,
  };
}

function group(fields: Partial<GroupResult> & Pick<GroupResult, 'group'>): GroupResult {
  return {
    entered: 0,
    converted: 0,
    conversionRate: 0,
    interval: { low: 0, high: 0 },
    revenue: 0,
    revenuePerEntrant: 0,
    ...fields,
  };
}

function step(fields: Partial<StepResult> & Pick<StepResult, 'step' | 'channel'>): StepResult {
  return {
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
    ...fields,
  };
}

const FULL_REPORT: OutcomeReport = {
  since: '2024-05-01',
  currency: 'EUR',
  programs: [
    {
      program: 'reactivation',
      name: 'Spring reactivation',
      objective: 'win back lapsed customers',
      target: 0.05,
      entered: 12_345,
      converted: 753,
      conversionRate: 0.061,
      interval: { low: 0.0569, high: 0.0653 },
      revenue: 45_210.5,
      status: 'on-track',
      statusWords: 'on track: 6.1% [5.7%, 6.5%] against a target of 5.0%',
      uplift: comparison('program reactivation', 'the global control group', 'better', PROGRAM_UPLIFT),
    },
  ],
  scenarios: [
    {
      scenario: 'winback',
      program: 'reactivation',
      groups: [
        group({
          group: 'treatment',
          entered: 11_000,
          converted: 700,
          conversionRate: 0.06364,
          interval: { low: 0.05916, high: 0.06835 },
          revenue: 42_000,
          revenuePerEntrant: 3.81818,
        }),
        group({
          group: 'holdout',
          entered: 1_200,
          converted: 53,
          conversionRate: 0.04417,
          interval: { low: 0.03393, high: 0.05733 },
          revenue: 2_900,
          revenuePerEntrant: 2.41667,
        }),
        group({
          group: 'treatment',
          step: 'offer',
          variant: 'discount',
          entered: 5_500,
          converted: 380,
          conversionRate: 0.06909,
          interval: { low: 0.06267, high: 0.07611 },
          revenue: 23_000,
          revenuePerEntrant: 4.18182,
        }),
        group({
          group: 'treatment',
          step: 'offer',
          variant: 'free-shipping',
          entered: 5_500,
          converted: 320,
          conversionRate: 0.05818,
          interval: { low: 0.05229, high: 0.06469 },
          revenue: 19_000,
          revenuePerEntrant: 3.45455,
        }),
      ],
      uplift: comparison('winback', 'the holdout', 'better', SCENARIO_UPLIFT),
      variants: [
        comparison('variant discount', 'the holdout', 'better', DISCOUNT_VERDICT),
        comparison('variant free-shipping', 'the holdout', 'cannot-tell', SHIPPING_VERDICT),
        comparison('variant discount', 'variant free-shipping', 'cannot-tell', LEADER_VERDICT),
      ],
      steps: [
        step({
          step: 'offer',
          channel: 'email',
          reached: 11_000,
          sent: 10_948,
          skipped: { unsubscribed: 12, capped: 38 },
          failed: 1,
          uncertain: 1,
          delivered: 10_812,
          opened: 4_321,
          clicked: 1_234,
          bounced: 136,
          conversionsAfter: 612,
          revenueAfter: 36_500,
        }),
        step({
          step: 'reminder',
          channel: 'sms',
          reached: 8_100,
          sent: 8_100,
          delivered: 8_050,
          clicked: 410,
          bounced: 50,
          conversionsAfter: 88,
          revenueAfter: 5_500,
        }),
      ],
      otherCurrency: 3,
      cost: { dollars: 0.275, perConversion: 0.000393, perIncremental: 0.001316 },
    },
  ],
};

const EMPTY_REPORT: OutcomeReport = { since: '2024-05-01', currency: 'EUR', programs: [], scenarios: [] };

/** The table whose header line starts with `firstTitle`, down to the next blank line. */
function tableStartingWith(lines: readonly string[], firstTitle: string): string[] {
  const start = lines.findIndex((line) => line.trimStart().startsWith(`${firstTitle} `));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start, end === -1 ? undefined : end);
}

function rowFor(rows: readonly string[], ...cells: readonly string[]): string {
  const found = rows.find((row) => cells.every((cell) => row.includes(cell)));
  expect(found, `a row with ${cells.join(' and ')}`).toBeDefined();
  return found ?? '';
}

describe('outcomeReportTable', () => {
  it('starts with the window and the currency', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const lines = outcomeReportTable(report).split('\n');

    // Assess
    expect(lines[0]).toBe('Outcomes since 2024-05-01 (revenue in EUR)');
  });

  it('describes each program with its status, totals and uplift against the global control', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const lines = outcomeReportTable(report)
      .split('\n')
      .map((line) => line.trim());

    // Assess
    const title = lines.indexOf('Spring reactivation (reactivation): win back lapsed customers');
    expect(title).toBeGreaterThan(lines.indexOf('Programs'));
    expect(lines.slice(title + 1, title + 4)).toEqual([
      'on track: 6.1% [5.7%, 6.5%] against a target of 5.0%',
      'entrants 12,345, conversions 753, revenue 45,210.50',
      PROGRAM_UPLIFT,
    ]);
  });

  it('prints the uplift then every variant verdict verbatim, in order, after the groups', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const lines = outcomeReportTable(report)
      .split('\n')
      .map((line) => line.trim());

    // Assess
    const positions = [SCENARIO_UPLIFT, DISCOUNT_VERDICT, SHIPPING_VERDICT, LEADER_VERDICT].map((words) =>
      lines.indexOf(words),
    );
    const title = lines.indexOf('winback (program reactivation)');
    expect(title).toBeGreaterThan(0);
    expect(positions[0]).toBeGreaterThan(title);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(4);
  });

  it('shows each group with its variant, counts, rate with interval and revenue', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const rows = tableStartingWith(outcomeReportTable(report).split('\n'), 'group');

    // Assess
    expect(rows).toHaveLength(5);
    const cells = (row: string) => row.trim().split(/\s{2,}/);
    expect(cells(rows[0] ?? '')).toEqual([
      'group',
      'variant',
      'entered',
      'converted',
      'rate [95%]',
      'revenue',
      'revenue/entrant',
    ]);
    expect(cells(rowFor(rows, 'treatment', '11,000'))).toEqual([
      'treatment',
      '11,000',
      '700',
      '6.4% [5.9, 6.8]',
      '42,000.00',
      '3.82',
    ]);
    expect(cells(rowFor(rows, 'offer:discount'))).toEqual([
      'treatment',
      'offer:discount',
      '5,500',
      '380',
      '6.9% [6.3, 7.6]',
      '23,000.00',
      '4.18',
    ]);
    expect(rowFor(rows, 'holdout')).toContain('4.4% [3.4, 5.7]');
  });

  it('keeps every row of the groups table as wide as its header, rates ending in one column', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const rows = tableStartingWith(outcomeReportTable(report).split('\n'), 'group');

    // Assess
    const widths = new Set(rows.map((row) => row.length));
    expect(widths.size).toBe(1);
    const rateEnd = (rows[0] ?? '').indexOf('rate [95%]') + 'rate [95%]'.length;
    for (const row of rows.slice(1)) expect(row.charAt(rateEnd - 1)).toBe(']');
  });

  it('lists skip reasons by name in the steps table, with a dash when nothing was skipped', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const rows = tableStartingWith(outcomeReportTable(report).split('\n'), 'step');

    // Assess
    expect(rows).toHaveLength(3);
    const column = (rows[0] ?? '').indexOf('skipped');
    const offer = rowFor(rows, 'offer', 'email');
    const reminder = rowFor(rows, 'reminder', 'sms');
    expect(offer.slice(column)).toMatch(/^capped 38, unsubscribed 12 +1 /);
    expect(reminder.slice(column)).toMatch(/^- +0 /);
    expect(offer.trim().split(/\s{2,}/)).toEqual([
      'offer',
      'email',
      '11,000',
      '10,948',
      'capped 38, unsubscribed 12',
      '1',
      '1',
      '10,812',
      '4,321',
      '1,234',
      '136',
      '612',
    ]);
    expect(new Set(rows.map((row) => row.length)).size).toBe(1);
  });

  it('ends the scenario with its cost and the conversions left out of revenue', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const lines = outcomeReportTable(report)
      .split('\n')
      .map((line) => line.trim());

    // Assess
    const cost = lines.indexOf('cost $0.2750, $0.0004 per conversion, $0.0013 per incremental conversion');
    const other = lines.indexOf('3 conversions in other currencies not counted in revenue');
    expect(cost).toBeGreaterThan(lines.indexOf(LEADER_VERDICT));
    expect(other).toBeGreaterThan(cost);
  });

  it('leaves out the cost and the other-currency note when there is neither', () => {
    // Prepare
    const [scenario] = FULL_REPORT.scenarios;
    if (scenario === undefined) throw new Error('the full report has a scenario');
    const { cost: _cost, ...withoutCost } = scenario;
    const report: OutcomeReport = { ...FULL_REPORT, scenarios: [{ ...withoutCost, otherCurrency: 0 }] };

    // Act
    const text = outcomeReportTable(report);

    // Assess
    expect(text).not.toContain('cost $');
    expect(text).not.toContain('other currenc');
    expect(text).toContain(LEADER_VERDICT);
  });

  it('says no journey entered when there is no scenario', () => {
    // Prepare
    const report = EMPTY_REPORT;

    // Act
    const text = outcomeReportTable(report);

    // Assess
    expect(text.split('\n')).toEqual([
      'Outcomes since 2024-05-01 (revenue in EUR)',
      '',
      'No journey entered since 2024-05-01.',
      '',
    ]);
  });

  it('says every journey rather than a date when the report has no start', () => {
    // Prepare
    const report = { ...EMPTY_REPORT, since: SINCE_THE_START };

    // Act
    const text = outcomeReportTable(report);

    // Assess
    expect(text.split('\n')).toEqual([
      'Outcomes of every journey (revenue in EUR)',
      '',
      'No journey entered yet.',
      '',
    ]);
  });

  it('does not say no journey entered when a scenario is reported', () => {
    // Prepare
    const report = FULL_REPORT;

    // Act
    const text = outcomeReportTable(report);

    // Assess
    expect(text).not.toContain('No journey entered');
  });
});
