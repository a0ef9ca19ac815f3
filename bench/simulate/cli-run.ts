import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../infra/config/deployment.ts';
import type { FixtureFiles } from './fixture-files.ts';
import { PROJECT_DIR } from './project.ts';

const PEAK_MEMORY_MODULE = new URL('./peak-memory.js', import.meta.url).href;
const CLI_BIN = join(PROJECT_ROOT, 'cli', 'bin', 'parcours.js');

/** A `parcours simulate` as a user runs it, in its own process: how long, and its peak memory. */
export type CliRunFigures = {
  readonly seconds: number;
  readonly peakRssBytes: number;
  readonly reportBytes: number;
};

/**
 * Runs the CLI (`cli/bin/parcours.js`, built when current) on the files with `--json`, its report
 * written to a file and counted. Its peak resident memory, worker threads included, comes from
 * the process itself as it exits (peak-memory.js, loaded first).
 */
export async function simulateWithCli(
  files: FixtureFiles,
  workers: number,
  outDir: string,
  /** Another project, and options of its own (`--until`, `--scenario`). @default the examples */
  project: { readonly dir: string; readonly args: readonly string[] } = { dir: PROJECT_DIR, args: [] },
): Promise<CliRunFigures & { readonly report: string }> {
  const report = join(outDir, `report-${files.journeys}.json`);
  const peakFile = join(outDir, `peak-${files.journeys}.txt`);
  const output = await open(report, 'w');
  const started = performance.now();
  try {
    const child = spawn(
      process.execPath,
      [
        '--import',
        PEAK_MEMORY_MODULE,
        CLI_BIN,
        'simulate',
        ...['--events', files.events, '--profiles', files.profiles],
        ...['--workers', String(workers), '--json', '--dir', project.dir, ...project.args],
      ],
      {
        cwd: PROJECT_ROOT,
        // The report straight to its file: a million journeys' report is over a gigabyte.
        stdio: ['ignore', output.fd, 'inherit'],
        env: { ...process.env, PARCOURS_BENCH_PEAK_FILE: peakFile },
      },
    );
    const [code] = await once(child, 'exit');
    if (code !== 0) throw new Error(`parcours simulate on ${files.journeys} journeys exited with ${code}`);
  } finally {
    await output.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssBytes = Number(await readFile(peakFile, 'utf8'));
  return { seconds, peakRssBytes, reportBytes: (await stat(report)).size, report };
}
