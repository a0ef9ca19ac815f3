import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import { isMissingFile } from '../files/missing-file.ts';
import { SimulationReport } from '../simulate/simulation-report.ts';
import type { ConsoleSource } from './console-source.ts';
import { reportConsoleSource } from './sources/report-source.ts';

export type Backtest = { readonly name: string; readonly bytes: number; readonly modified: string };

/** The backtests a folder holds: each `simulate --json` report saved there, opened on demand. */
export type BacktestShelf = {
  readonly folder: string;
  list(): Promise<Backtest[]>;
  /** The report's pages, or why it cannot be opened. */
  open(name: string): Promise<ConsoleSource | string>;
};

/** How many opened reports stay in memory, the most recently opened. */
const KEPT_OPEN = 2;

/** A report's name is its file name without `.json`: letters, digits, `-`, `_` and `.`. */
const NAME = /^[\w.-]{1,200}$/;

export function backtestShelf(folder: string, scenarios: () => readonly ProjectScenario[]): BacktestShelf {
  // A report is read once per change of its file: parsing 100,000 journeys takes seconds.
  const opened = new Map<
    string,
    { readonly stamp: string; readonly source: Promise<ConsoleSource | string> }
  >();
  return {
    folder,
    list: async () => {
      const files = await readdir(folder).catch(() => []);
      const reports = files.filter((file) => file.endsWith('.json') && NAME.test(file.slice(0, -5)));
      const listed = await Promise.all(
        reports.map(async (file) => {
          const info = await stat(join(folder, file));
          return { name: file.slice(0, -5), bytes: info.size, modified: info.mtime.toISOString() };
        }),
      );
      return listed.sort((a, b) => b.modified.localeCompare(a.modified));
    },
    open: async (name) => {
      if (!NAME.test(name)) return `"${name}" is not a backtest's name`;
      const file = join(folder, `${name}.json`);
      const info = await stat(file).catch(() => undefined);
      if (info === undefined) return `there is no ${name}.json in ${folder}`;
      const stamp = `${info.size}:${info.mtimeMs}`;
      const known = opened.get(name);
      if (known?.stamp === stamp) return known.source;
      const source = readReport(file, `backtest ${name}`, scenarios());
      opened.delete(name);
      opened.set(name, { stamp, source });
      // A report of 100,000 journeys holds over a hundred megabytes: keep the latest few opened.
      for (const oldest of [...opened.keys()].slice(0, Math.max(0, opened.size - KEPT_OPEN)))
        opened.delete(oldest);
      return source;
    },
  };
}

/** Reads a saved report; a file that is not one says which field is wrong. */
export async function readReport(
  file: string,
  title: string,
  scenarios: readonly ProjectScenario[],
): Promise<ConsoleSource | string> {
  const text = await readFile(file, 'utf8').catch((error: unknown) =>
    isMissingFile(error) ? undefined : Promise.reject(error),
  );
  if (text === undefined) return `${file}: file not found`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const parsed = SimulationReport.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : `${issue.path.join('.') || 'the report'}: ${issue.message}`;
    return `${file} is not a report of parcours simulate --json (${where})`;
  }
  return reportConsoleSource(parsed.data, { title, scenarios });
}
