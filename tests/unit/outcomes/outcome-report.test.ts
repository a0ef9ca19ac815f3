import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Program } from '../../../language/programs.ts';
import type { FactGroup } from '../../../shared/outcomes/outcome-fact.ts';
import {
  buildOutcomeReport,
  type ReportContext,
} from '../../../shared/outcomes/report/build-outcome-report.ts';
import type {
  OutcomeFigures,
  ProgramRow,
  ScenarioGroupRow,
  VariantRow,
} from '../../../shared/outcomes/report-queries.ts';

const ORDER_GOAL: Program['goal'] = { event: { 'detail-type': ['order.placed'] }, within: '7d' };

const PROGRAM_OF: Record<string, string> = { cart: 'conversion', welcome: 'activation' };

const PROGRAMS: Record<string, Program> = {
  conversion: {
    name: 'Conversion',
    objective: 'Recover 15% of abandoned carts within 7 days',
    goal: ORDER_GOAL,
    target: 15,
    uplift: 2,
  },
  activation: {
    name: 'Activation',
    objective: '30% of new accounts create a project',
    goal: { event: { 'detail-type': ['project.created'] }, within: '7d' },
    target: 30,
  },
};

const CONTEXT: ReportContext = {
  since: '2026-03-01T00:00:00.000Z',
  currency: 'EUR',
  programs: PROGRAMS,
  scenarios: PROGRAM_OF,
};

type Counts = { entered: number; converted: number; revenue?: number; squares?: number };

const figuresOf = ({ entered, converted, revenue = 0, squares = 0 }: Counts) => ({
  entered,
  converted,
  revenue,
  revenue_squares: squares,
});

const group = (scenario: string, grp: FactGroup, counts: Counts, otherCurrency = 0): ScenarioGroupRow => ({
  scenario,
  program: PROGRAM_OF[scenario] ?? '',
  grp,
  ...figuresOf(counts),
  other_currency: otherCurrency,
});

const variant = (scenario: string, step: string, name: string, counts: Counts): VariantRow => ({
  scenario,
  step,
  variant: name,
  ...figuresOf(counts),
});

const program = (id: string, grp: FactGroup, counts: Counts): ProgramRow => ({
  program: id,
  grp,
  ...figuresOf(counts),
});

const figures = (parts: Partial<OutcomeFigures>): OutcomeFigures => ({
  groups: [],
  variants: [],
  programs: [],
  steps: [],
  deliveries: [],
  ...parts,
});

/** A large test whose treatment converts at 15% against the holdout's 10%. */
const CLEAR_WIN = figures({
  groups: [
    group('cart', 'treatment', { entered: 20_000, converted: 3_000, revenue: 90_000, squares: 3_000_000 }),
    group('cart', 'holdout', { entered: 2_000, converted: 200, revenue: 6_000, squares: 200_000 }),
  ],
  variants: [
    variant('cart', 'subject', 'reminder', { entered: 10_000, converted: 1_300 }),
    variant('cart', 'subject', 'discount', { entered: 10_000, converted: 1_700 }),
  ],
  programs: [program('conversion', 'treatment', { entered: 20_000, converted: 3_000 })],
});

const scenarioOf = (report: ReturnType<typeof buildOutcomeReport>, id: string) => {
  const found = report.scenarios.find((scenario) => scenario.scenario === id);
  if (found === undefined) throw new Error(`no scenario ${id} in the report`);
  return found;
};

describe('buildOutcomeReport: scenarios against their holdout', () => {
  it('finds a clear winner better than the holdout, and says so', () => {
    // Act
    const report = buildOutcomeReport(CLEAR_WIN, CONTEXT);

    // Assess
    const uplift = scenarioOf(report, 'cart').uplift;
    expect(uplift?.verdict).toBe('better');
    expect(uplift?.words.startsWith('cart beats the holdout: +')).toBe(true);
    expect(uplift?.absolute.estimate).toBeCloseTo(3_000 / 20_000 - 200 / 2_000, 10);
    expect(uplift?.alwaysValid.low).toBeGreaterThan(0);
    expect(uplift?.needed).toBeUndefined();
  });

  it('cannot tell on a tiny sample, and says how many more entrants would', () => {
    // Prepare
    const tiny = figures({
      groups: [
        group('cart', 'treatment', { entered: 30, converted: 5 }),
        group('cart', 'holdout', { entered: 10, converted: 1 }),
      ],
    });

    // Act
    const report = buildOutcomeReport(tiny, CONTEXT);

    // Assess
    const uplift = scenarioOf(report, 'cart').uplift;
    expect(uplift?.verdict).toBe('cannot-tell');
    expect(uplift?.needed?.subject).toBeGreaterThan(0);
    expect(uplift?.needed?.against).toBeGreaterThan(0);
    expect(uplift?.needed?.uplift).toBe(0.02);
    expect(uplift?.words).toMatch(/^cannot tell yet whether cart beats the holdout: /);
    expect(uplift?.words).toContain('more entrants');
  });

  it('finds a treatment that converts less worse than the holdout', () => {
    // Prepare
    const losing = figures({
      groups: [
        group('cart', 'treatment', { entered: 20_000, converted: 1_000 }),
        group('cart', 'holdout', { entered: 2_000, converted: 200 }),
      ],
    });

    // Act
    const report = buildOutcomeReport(losing, CONTEXT);

    // Assess
    expect(scenarioOf(report, 'cart').uplift?.verdict).toBe('worse');
  });

  it('compares each variant with the holdout, and the leading variant with the next', () => {
    // Act
    const report = buildOutcomeReport(CLEAR_WIN, CONTEXT);

    // Assess
    const pairs = scenarioOf(report, 'cart').variants.map(({ subject, against }) => [subject, against]);
    expect(pairs).toEqual([
      ['variant discount', 'the holdout'],
      ['variant reminder', 'the holdout'],
      ['variant discount', 'variant reminder'],
    ]);
    const head = scenarioOf(report, 'cart').variants.at(-1);
    expect(head?.verdict).toBe('better');
    expect(head?.words.startsWith('variant discount beats variant reminder: +')).toBe(true);
  });

  it('lists the groups with entrants, then one treatment row per variant', () => {
    // Act
    const report = buildOutcomeReport(CLEAR_WIN, CONTEXT);

    // Assess
    const rows = scenarioOf(report, 'cart').groups.map((row) => [row.group, row.variant ?? '', row.entered]);
    expect(rows).toEqual([
      ['treatment', '', 20_000],
      ['holdout', '', 2_000],
      ['treatment', 'reminder', 10_000],
      ['treatment', 'discount', 10_000],
    ]);
  });

  it('adds up conversions in other currencies', () => {
    // Prepare
    const mixed = figures({
      groups: [
        group('cart', 'treatment', { entered: 100, converted: 10 }, 3),
        group('cart', 'holdout', { entered: 10, converted: 1 }, 1),
      ],
    });

    // Act
    const report = buildOutcomeReport(mixed, CONTEXT);

    // Assess
    expect(scenarioOf(report, 'cart').otherCurrency).toBe(4);
  });
});

describe('buildOutcomeReport: what it says while it cannot tell', () => {
  const upliftOf = (treatment: Counts, holdout: Counts) =>
    scenarioOf(
      buildOutcomeReport(
        figures({ groups: [group('cart', 'treatment', treatment), group('cart', 'holdout', holdout)] }),
        CONTEXT,
      ),
      'cart',
    ).uplift;

  it('does not say a difference is smaller than the 2 points it measures', () => {
    // Act: 12% against 10%, exactly the program's uplift of 2 points. The fixed-horizon size
    // (19,668 and 2,186) was passed, so it said "enough entrants to detect +2.0 points: any
    // difference is smaller".
    const uplift = upliftOf({ entered: 20_000, converted: 2_400 }, { entered: 2_250, converted: 225 });

    // Assess: the always-valid interval is [-0.1, +4.1]; at 34,329 and 3,862 the verdict would
    // find 2 points 4 times in 5
    expect(uplift?.absolute.estimate).toBeCloseTo(0.02, 12);
    expect(uplift?.verdict).toBe('cannot-tell');
    expect(uplift?.needed).toEqual({ subject: 14_329, against: 1_612, uplift: 0.02 });
    expect(uplift?.words).toBe(
      'cannot tell yet whether cart beats the holdout: +2.0 points [+0.6, +3.3], 95%; the always-valid ' +
        'interval [-0.1, +4.1] still includes 0 (about 14,329 more entrants in cart and 1,612 more in the ' +
        'holdout would detect +2.0 points)',
    );
  });

  it('says a difference is smaller than the uplift only when the always-valid interval says so', () => {
    // Act
    const uplift = upliftOf({ entered: 50_000, converted: 5_000 }, { entered: 50_000, converted: 5_000 });

    // Assess
    expect(uplift?.alwaysValid.low).toBeGreaterThan(-0.02);
    expect(uplift?.alwaysValid.high).toBeLessThan(0.02);
    expect(uplift?.needed).toBeUndefined();
    expect(uplift?.words).toBe(
      'cannot tell yet whether cart beats the holdout: +0.0 points [-0.4, +0.4], 95% ' +
        '(any difference is smaller than 2.0 points either way)',
    );
  });

  it('says the planned size is reached without claiming the difference is smaller', () => {
    // Act: 11.5% against 10%, past the size that finds 2 points 4 times in 5
    const uplift = upliftOf({ entered: 40_000, converted: 4_600 }, { entered: 4_000, converted: 400 });

    // Assess
    expect(uplift?.needed).toEqual({ subject: 0, against: 0, uplift: 0.02 });
    expect(uplift?.words).toMatch(
      /\(enough entrants to detect \+2\.0 points 4 times in 5, yet the always-valid interval holds both 0 and \+2\.0 points\)$/,
    );
  });

  it('never says more than the always-valid interval, nor contradicts the difference it measures', () => {
    // Prepare: a 10% holdout of 1,000 to 6,000 entrants converting near 10%, a treatment up to 3
    // points apart: around the sizes that find the program's 2 points, where the advice changes.
    const comparisons = fc
      .record({
        holdout: fc.integer({ min: 1_000, max: 6_000 }),
        holdoutRate: fc.double({ min: 0.09, max: 0.11, noNaN: true }),
        difference: fc.double({ min: -0.03, max: 0.03, noNaN: true }),
      })
      .map(({ holdout, holdoutRate, difference }) => ({
        treatment: {
          entered: 9 * holdout,
          converted: Math.round(9 * holdout * (holdoutRate + difference)),
        },
        holdout: { entered: holdout, converted: Math.round(holdout * holdoutRate) },
      }));

    // Act, Assess
    fc.assert(
      fc.property(comparisons, ({ treatment, holdout }) => {
        const uplift = upliftOf(treatment, holdout);
        const measured = Math.abs(uplift?.absolute.estimate ?? Number.NaN);
        if (uplift?.words.includes('smaller')) {
          // The always-valid interval says so, and so the difference measured, inside it
          expect(uplift.alwaysValid.low).toBeGreaterThan(-0.02);
          expect(uplift.alwaysValid.high).toBeLessThan(0.02);
          expect(measured).toBeLessThan(0.02);
        }
        if (uplift?.words.includes('enough entrants')) {
          expect(uplift.needed).toMatchObject({ subject: 0, against: 0 });
          expect(measured).toBeLessThan(0.02);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('prints no always-valid interval wider than a difference of rates can be', () => {
    // Act: 3 of 3 against 0 of 4, where the fixed interval already excludes 0
    const uplift = upliftOf({ entered: 3, converted: 3 }, { entered: 4, converted: 0 });

    // Assess: the boundary alone gave hundreds of points either way
    expect(uplift?.alwaysValid).toEqual({ low: -1, high: 1 });
    expect(uplift?.words).toContain('; the always-valid interval [-100.0, +100.0] still includes 0');
  });

  it('does not count a holdout without orders as one that would never order', () => {
    // Act: 27 orders of 100 among 540 entrants; none among the holdout's 60
    const uplift = upliftOf(
      { entered: 540, converted: 27, revenue: 2_700, squares: 270_000 },
      { entered: 60, converted: 0 },
    );

    // Assess: Welch's interval with the holdout's variance of 0 was [+1,706.44, +3,693.56]
    expect(uplift?.incrementalRevenue?.estimate).toBeCloseTo(2_700, 6);
    expect(uplift?.incrementalRevenue?.low).toBeLessThan(0);
  });
});

describe('buildOutcomeReport: programs against their target', () => {
  it.each([
    ['on-track', 3_400, /^on track: 17\.0% /],
    ['behind', 2_000, /^behind: 10\.0% /],
  ] as const)('says %s for a large program', (status, converted, words) => {
    // Prepare
    const measured = figures({
      programs: [program('conversion', 'treatment', { entered: 20_000, converted })],
    });

    // Act
    const report = buildOutcomeReport(measured, CONTEXT);

    // Assess
    const conversion = report.programs.find((candidate) => candidate.program === 'conversion');
    expect(conversion?.status).toBe(status);
    expect(conversion?.statusWords).toMatch(words);
    expect(conversion?.statusWords).toContain('against a target of 15.0%');
  });

  it('cannot tell for a small program whose interval holds the target', () => {
    // Prepare
    const small = figures({
      programs: [program('conversion', 'treatment', { entered: 100, converted: 15 })],
    });

    // Act
    const report = buildOutcomeReport(small, CONTEXT);

    // Assess
    const conversion = report.programs.find((candidate) => candidate.program === 'conversion');
    expect(conversion?.status).toBe('cannot-tell');
    expect(conversion?.interval.low).toBeLessThan(0.15);
    expect(conversion?.interval.high).toBeGreaterThan(0.15);
  });

  it('compares a program with the global control group', () => {
    // Prepare
    const controlled = figures({
      programs: [
        program('conversion', 'treatment', { entered: 20_000, converted: 3_000 }),
        program('conversion', 'global-control', { entered: 1_000, converted: 100 }),
      ],
    });

    // Act
    const report = buildOutcomeReport(controlled, CONTEXT);

    // Assess
    const uplift = report.programs.find((candidate) => candidate.program === 'conversion')?.uplift;
    expect(uplift?.subject).toBe('program conversion');
    expect(uplift?.against).toBe('the global control group');
    expect(uplift?.verdict).toBe('better');
  });

  it('drops a program nobody entered, unless it is asked for', () => {
    // Act
    const all = buildOutcomeReport(CLEAR_WIN, CONTEXT);
    const asked = buildOutcomeReport(CLEAR_WIN, { ...CONTEXT, program: 'activation' });

    // Assess
    expect(all.programs.map(({ program: id }) => id)).toEqual(['conversion']);
    expect(asked.programs.map(({ program: id, status }) => [id, status])).toEqual([
      ['activation', 'no-entrants'],
    ]);
  });
});

describe('buildOutcomeReport: filters', () => {
  const TWO_PROGRAMS = figures({
    groups: [
      ...CLEAR_WIN.groups,
      group('welcome', 'treatment', { entered: 500, converted: 160 }),
      group('welcome', 'holdout', { entered: 50, converted: 12 }),
    ],
    programs: [
      program('conversion', 'treatment', { entered: 20_000, converted: 3_000 }),
      program('activation', 'treatment', { entered: 500, converted: 160 }),
    ],
  });

  it('keeps everything without a filter', () => {
    // Act
    const report = buildOutcomeReport(TWO_PROGRAMS, CONTEXT);

    // Assess
    expect(report.scenarios.map(({ scenario }) => scenario)).toEqual(['cart', 'welcome']);
    expect(report.programs.map(({ program: id }) => id)).toEqual(['activation', 'conversion']);
  });

  it('keeps only one program and its scenarios with --program', () => {
    // Act
    const report = buildOutcomeReport(TWO_PROGRAMS, { ...CONTEXT, program: 'activation' });

    // Assess
    expect(report.scenarios.map(({ scenario }) => scenario)).toEqual(['welcome']);
    expect(report.programs.map(({ program: id }) => id)).toEqual(['activation']);
  });

  it('keeps only one scenario and its program with --scenario', () => {
    // Act
    const report = buildOutcomeReport(TWO_PROGRAMS, { ...CONTEXT, scenario: 'cart' });

    // Assess
    expect(report.scenarios.map(({ scenario }) => scenario)).toEqual(['cart']);
    expect(report.programs.map(({ program: id }) => id)).toEqual(['conversion']);
  });
});

describe('buildOutcomeReport: cost', () => {
  it('divides the cost by the conversions and by the incremental conversions', () => {
    // Act
    const report = buildOutcomeReport(CLEAR_WIN, { ...CONTEXT, costs: { cart: 12 } });

    // Assess
    const incremental = (3_000 / 20_000 - 200 / 2_000) * 20_000;
    expect(scenarioOf(report, 'cart').cost).toEqual({
      dollars: 12,
      perConversion: 12 / 3_000,
      perIncremental: expect.closeTo(12 / incremental, 12),
    });
  });

  it('gives no cost per incremental conversion when the scenario adds none', () => {
    // Prepare
    const losing = figures({
      groups: [
        group('cart', 'treatment', { entered: 1_000, converted: 50 }),
        group('cart', 'holdout', { entered: 100, converted: 10 }),
      ],
    });

    // Act
    const report = buildOutcomeReport(losing, { ...CONTEXT, costs: { cart: 3 } });

    // Assess
    expect(scenarioOf(report, 'cart').cost).toEqual({ dollars: 3, perConversion: 3 / 50 });
  });

  it('gives no cost for a scenario whose cost is unknown', () => {
    // Act
    const report = buildOutcomeReport(CLEAR_WIN, { ...CONTEXT, costs: { welcome: 1 } });

    // Assess
    expect(scenarioOf(report, 'cart').cost).toBeUndefined();
  });
});
