import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { OutcomeFact } from '../../shared/outcomes/outcome-fact.ts';
import { PARTITION_COLUMN } from '../../shared/outcomes/outcome-fact.ts';
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

/**
 * The outcome report of facts held in memory (a simulation's): written as JSON lines to a scratch
 * folder, as the local platform writes them, and read with the same SQL, so a simulation is
 * measured exactly as a deployment is.
 */
export async function reportOfFacts(
  facts: readonly OutcomeFact[],
  context: ReportContext,
): Promise<OutcomeReport> {
  const folder = await mkdtemp(join(tmpdir(), 'parcours-facts-'));
  try {
    const day = join(folder, `${PARTITION_COLUMN}=simulation`);
    await mkdir(day);
    await writeFile(join(day, 'facts.jsonl'), jsonLines(facts));
    const figures = await figuresOfFolder(folder, { since: context.since, currency: context.currency });
    return buildOutcomeReport(figures, context);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * The facts as JSON lines, a line at a time: a backtest of a million journeys holds some ten
 * million facts, more text than one string may hold.
 */
function jsonLines(facts: readonly OutcomeFact[]): Readable {
  return Readable.from(
    (function* () {
      for (const fact of facts) yield `${JSON.stringify(fact)}\n`;
    })(),
  );
}
