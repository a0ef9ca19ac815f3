import type { FactGroup } from '../../../shared/outcomes/outcome-fact.ts';
import type { TrendRow } from '../../../shared/outcomes/report-queries.ts';
import { wilsonInterval } from '../../../shared/outcomes/statistics/proportions.ts';

/** One group's conversion rate by day; `null` before its first entrant. */
export type RateLine = {
  readonly rate: readonly (number | null)[];
  readonly low: readonly (number | null)[];
  readonly high: readonly (number | null)[];
};

/** What the program page's chart draws: the cumulative conversion rate of each group, day by day. */
export type TrendSeries = {
  readonly days: readonly string[];
  readonly lines: Readonly<Partial<Record<FactGroup, RateLine>>>;
};

/**
 * Cumulative rather than daily rates: a day's cohort is small and its rate jumps, while the rate
 * of everyone entered so far settles as the interval narrows, which is what a marketer watches.
 * The interval is Wilson's, as in the report. Recent entrants have had less time to convert, so
 * the last days pull the line down; the page says so.
 */
export function trendSeries(rows: readonly TrendRow[], program: string): TrendSeries {
  const own = rows.filter((row) => row.program === program);
  const days = [...new Set(own.map((row) => row.day))].sort();
  const groups = [...new Set(own.map((row) => row.grp))].sort();
  const lines: Partial<Record<FactGroup, RateLine>> = {};
  for (const group of groups) {
    let entered = 0;
    let converted = 0;
    const rate: (number | null)[] = [];
    const low: (number | null)[] = [];
    const high: (number | null)[] = [];
    for (const day of days) {
      for (const row of own) {
        if (row.day !== day || row.grp !== group) continue;
        entered += row.entered;
        converted += row.converted;
      }
      const interval = wilsonInterval(converted, entered);
      rate.push(entered === 0 ? null : converted / entered);
      low.push(entered === 0 ? null : interval.low);
      high.push(entered === 0 ? null : interval.high);
    }
    lines[group] = { rate, low, high };
  }
  return { days, lines };
}
