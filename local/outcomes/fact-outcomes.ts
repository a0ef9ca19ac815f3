import { buildOutcomeReport, type ReportContext } from '../../shared/outcomes/report/build-outcome-report.ts';
import type { OutcomeReport } from '../../shared/outcomes/report/outcome-report.ts';
import { type OutcomeFigures, readOutcomeFigures } from '../../shared/outcomes/report-queries.ts';
import { openDuckFacts } from './duckdb-facts.ts';

/** The report's figures from a folder of facts (the data folder's `outcomes/`), through DuckDB. */
export async function figuresOfFolder(
  folder: string,
  window: { readonly since: string; readonly currency: string },
): Promise<OutcomeFigures> {
  const duck = await openDuckFacts(folder);
  try {
    return await readOutcomeFigures(duck.run, window);
  } finally {
    duck.close();
  }
}

/** The outcome report of the facts in a folder laid out as a data folder's `outcomes/`. */
export async function reportOfFactsFolder(folder: string, context: ReportContext): Promise<OutcomeReport> {
  const figures = await figuresOfFolder(folder, { since: context.since, currency: context.currency });
  return buildOutcomeReport(figures, context);
}
