import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../cli/build/build-cli.ts';
import { medianBy, progress } from '../measure.ts';
import type { CliRunFigures } from './cli-run.ts';

/**
 * One size's runs: the figures of the run with the median peak (its time and memory are one real
 * run's), and every run's peak in the order they ran.
 */
export type SizedRun<T> = {
  readonly count: number;
  readonly figures: CliRunFigures & T;
  readonly peaks: readonly number[];
};

/** A small and a large run, and what each unit between them costs: peak memory and time. */
export type TwoSizes<T> = {
  readonly small: SizedRun<T>;
  readonly large: SizedRun<T>;
  readonly bytesPerUnit: number;
  readonly secondsPerUnit: number;
  readonly loadAverage: { readonly start: number; readonly end: number };
};

/**
 * The way the bench measures the CLI at scale: built first, then run on a small `baseline` and on
 * `count` units (journeys, customers), each input written into a scratch folder removed after.
 * The difference of their peaks over the units between is what a unit costs, without the fixed
 * cost of Node, the modules and a platform per worker, which no input size changes. With several
 * `runs`, the sizes alternate (small, large, small, ...) and each size gives the run with its
 * median peak, so that one unusual run of either size does not make the figure.
 */
export async function runAtTwoSizes<T>(
  name: string,
  sizes: { readonly baseline: number; readonly count: number; readonly runs?: number },
  run: (dir: string, count: number) => Promise<CliRunFigures & T>,
): Promise<TwoSizes<T>> {
  const start = os.loadavg()[0] ?? 0;
  progress(`${name}: building the CLI`);
  await buildCli();
  const root = join(os.tmpdir(), `parcours-bench-${name}`);
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'run-'));
  try {
    const smallRuns: (CliRunFigures & T)[] = [];
    const largeRuns: (CliRunFigures & T)[] = [];
    const runs = sizes.runs ?? 1;
    for (let round = 1; round <= runs; round += 1) {
      if (runs > 1) progress(`${name}: round ${round} of ${runs}`);
      smallRuns.push(await run(dir, sizes.baseline));
      largeRuns.push(await run(dir, sizes.count));
    }
    const small = medianPeakRun(sizes.baseline, smallRuns);
    const large = medianPeakRun(sizes.count, largeRuns);
    const units = large.count - small.count;
    return {
      small,
      large,
      bytesPerUnit: (large.figures.peakRssBytes - small.figures.peakRssBytes) / units,
      secondsPerUnit: (large.figures.seconds - small.figures.seconds) / units,
      loadAverage: { start, end: os.loadavg()[0] ?? 0 },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function medianPeakRun<T>(count: number, runs: readonly (CliRunFigures & T)[]): SizedRun<T> {
  const figures = medianBy(runs, ({ peakRssBytes }) => peakRssBytes, `runs of ${count}`);
  return { count, figures, peaks: runs.map((one) => one.peakRssBytes) };
}
