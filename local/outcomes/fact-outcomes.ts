import { buildOutcomeReport, type ReportContext } from '../../shared/outcomes/report/build-outcome-report.ts';
import type { OutcomeReport } from '../../shared/outcomes/report/outcome-report.ts';
import { type OutcomeFigures, readOutcomeFigures } from '../../shared/outcomes/report-queries.ts';
import { type DuckFacts, openDuckFacts } from './duckdb-facts.ts';

/** Runs `read` over a folder of facts (the data folder's `outcomes/`) in DuckDB, closed after. */
export async function withFactsFolder<T>(folder: string, read: (facts: DuckFacts) => Promise<T>): Promise<T> {
  const duck = await openDuckFacts(folder);
  try {
    return await read(duck);
  } finally {
    duck.close();
  }
}

/** The report's figures from a folder of facts, through DuckDB. */
export function figuresOfFolder(
  folder: string,
  window: { readonly since: string; readonly currency: string },
): Promise<OutcomeFigures> {
  return withFactsFolder(folder, (facts) => readOutcomeFigures(facts.run, window));
}

/** The outcome report of the facts in a folder laid out as a data folder's `outcomes/`. */
export async function reportOfFactsFolder(folder: string, context: ReportContext): Promise<OutcomeReport> {
  const figures = await figuresOfFolder(folder, { since: context.since, currency: context.currency });
  return buildOutcomeReport(figures, context);
}
