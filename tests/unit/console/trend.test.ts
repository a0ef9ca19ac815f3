import { describe, expect, it } from 'vitest';
import { trendSeries } from '../../../local/console/views/trend.ts';
import { TrendRow } from '../../../shared/outcomes/report-queries.ts';
import { wilsonInterval } from '../../../shared/outcomes/statistics/proportions.ts';

describe('trendSeries', () => {
  it("draws each group's cumulative conversion rate with its interval, day by day", () => {
    // Prepare
    const rows: TrendRow[] = [
      { program: 'conversion', day: '2026-11-02', grp: 'treatment', entered: 10, converted: 1 },
      { program: 'conversion', day: '2026-11-03', grp: 'treatment', entered: 30, converted: 5 },
      { program: 'conversion', day: '2026-11-03', grp: 'global-control', entered: 4, converted: 0 },
      { program: 'activation', day: '2026-11-01', grp: 'treatment', entered: 99, converted: 99 },
    ];

    // Act
    const series = trendSeries(rows, 'conversion');

    // Assess
    expect(series.days).toEqual(['2026-11-02', '2026-11-03']);
    expect(series.lines.treatment?.rate).toEqual([0.1, 6 / 40]);
    expect(series.lines.treatment?.low[1]).toBeCloseTo(wilsonInterval(6, 40).low, 12);
    expect(series.lines.treatment?.high[1]).toBeCloseTo(wilsonInterval(6, 40).high, 12);
    // Nobody in the control group before its first entrant.
    expect(series.lines['global-control']?.rate).toEqual([null, 0]);
    expect(series.lines.holdout).toBeUndefined();
  });

  it('refuses a row of a group the facts do not know', () => {
    const row = { program: 'p', day: '2026-11-02', grp: 'forged', entered: 1, converted: 1 };
    expect(TrendRow.safeParse(row).success).toBe(false);
  });
});
