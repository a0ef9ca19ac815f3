import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../cli/build/build-cli.ts';
import { fixed, int, machineLine, megabytes, table } from '../format.ts';
import { progress } from '../measure.ts';
import { type CliRunFigures, simulateWithCli } from './cli-run.ts';
import { writeFixtureFiles } from './fixture-files.ts';
import { meets, TARGETS } from './report.ts';

/**
 * `parcours simulate` as a user runs it on a large input: JSON-lines files, the built CLI, one
 * worker per core, the JSON report written out. Run on `journeys` and on a small `baseline`
 * input: the difference of their peak memory over the difference of their journeys is what each
 * simulated journey costs in memory, without the fixed cost of Node, the modules and a platform
 * per worker, which no input size changes.
 */
export async function scaleSection(journeys: number, baseline: number): Promise<string> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  const workers = os.availableParallelism();
  progress('scale: building the CLI');
  await buildCli();
  const root = join(os.tmpdir(), 'parcours-bench-scale');
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'run-'));
  try {
    const runs: { journeys: number; figures: CliRunFigures }[] = [];
    for (const count of [baseline, journeys]) {
      progress(`scale: writing ${int(count)} customers' events and profiles`);
      const files = await writeFixtureFiles(await mkdtemp(join(dir, 'input-')), count);
      progress(`scale: parcours simulate on ${int(count)} journeys, ${workers} workers`);
      runs.push({ journeys: count, figures: await simulateWithCli(files, workers, dir) });
    }
    const [small, large] = runs;
    if (small === undefined || large === undefined) throw new Error('the scale runs did not both run');
    const perJourney =
      (large.figures.peakRssBytes - small.figures.peakRssBytes) / (large.journeys - small.journeys);
    return [
      '## `parcours simulate` at scale',
      '',
      machineLine({ start: loadAtStart, end: os.loadavg()[0] ?? 0 }),
      '',
      table(
        ['journeys', 'time', 'journeys/s', 'peak RSS', 'report (--json)'],
        runs.map(({ journeys: count, figures }) => [
          int(count),
          `${fixed(figures.seconds, 1)} s`,
          int(count / figures.seconds),
          megabytes(figures.peakRssBytes),
          megabytes(figures.reportBytes),
        ]),
      ),
      '',
      `Memory per simulated journey (peak RSS of ${int(large.journeys)} journeys less that of ` +
        `${int(small.journeys)}, over the journeys between): ${fixed(perJourney / 1024, 1)} KB ` +
        `(target under ${int(TARGETS.bytesPerJourney / 1024)} KB: ${meets(perJourney < TARGETS.bytesPerJourney)}).`,
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
