import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fixed, int, machineLine, megabytes, table } from '../format.ts';
import { progress } from '../measure.ts';
import { simulateWithCli } from './cli-run.ts';
import { writeFixtureFiles } from './fixture-files.ts';
import { meets, TARGETS } from './report.ts';
import { runAtTwoSizes } from './two-sizes.ts';

/**
 * `parcours simulate` as a user runs it on a large input: JSON-lines files, the built CLI, one
 * worker per core, the JSON report written out, on `journeys` and on a small `baseline` input,
 * `runs` times each (see runAtTwoSizes): the memory each simulated journey costs.
 */
export async function scaleSection(journeys: number, baseline: number, runs: number): Promise<string> {
  const workers = os.availableParallelism();
  const { small, large, bytesPerUnit, loadAverage } = await runAtTwoSizes(
    'scale',
    { baseline, count: journeys, runs },
    async (dir, count) => {
      progress(`scale: writing ${int(count)} customers' events and profiles`);
      const files = await writeFixtureFiles(await mkdtemp(join(dir, 'input-')), count);
      progress(`scale: parcours simulate on ${int(count)} journeys, ${workers} workers`);
      return simulateWithCli(files, workers, dir);
    },
  );
  return [
    '## `parcours simulate` at scale',
    '',
    machineLine(loadAverage),
    '',
    table(
      ['journeys', 'time', 'journeys/s', 'peak RSS', "every run's peak", 'report (--json)'],
      [small, large].map(({ count, figures, peaks }) => [
        int(count),
        `${fixed(figures.seconds, 1)} s`,
        int(count / figures.seconds),
        megabytes(figures.peakRssBytes),
        peaks.map(megabytes).join(' / '),
        megabytes(figures.reportBytes),
      ]),
    ),
    '',
    `Memory per simulated journey (the median peak RSS of ${int(large.count)} journeys less that of ` +
      `${int(small.count)}, over the journeys between; ` +
      (runs === 1 ? 'one run of each size' : `${runs} runs of each size, alternating`) +
      `; time and peak are the median run's): ${fixed(bytesPerUnit / 1024, 1)} KB ` +
      `(target under ${int(TARGETS.bytesPerJourney / 1024)} KB: ${meets(bytesPerUnit < TARGETS.bytesPerJourney)}).`,
  ].join('\n');
}
