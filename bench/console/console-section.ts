import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../cli/build/build-cli.ts';
import { readReport } from '../../local/console/backtest-shelf.ts';
import { startConsoleServer } from '../../local/console/console-server.ts';
import { buildProject } from '../../local/platform/project-build.ts';
import { launchChromium } from '../../tests/helpers/chromium.ts';
import { fixed, int, machineLine, megabytes, table } from '../format.ts';
import { progress } from '../measure.ts';
import { simulateWithCli } from '../simulate/cli-run.ts';
import { writeFixtureFiles } from '../simulate/fixture-files.ts';
import { PROJECT_DIR } from '../simulate/project.ts';
import { localConsoleTimings } from './local-console.ts';
import { loadPages, type PageName, type PageTimings } from './page-timing.ts';

type SizeFigures = {
  readonly journeys: number;
  readonly reportBytes: number;
  /** Reading and checking the report, once, when the backtest is first opened. */
  readonly openSeconds: number;
} & PageTimings;

/**
 * The console over a backtest of `journeys` abandoned-cart journeys, next to one of `baseline`:
 * each simulated with the CLI, its report opened in the console, and its scenario and customer
 * pages loaded `runs` times in headless Chromium, which reports when each first painted.
 */
export async function consoleSection(journeys: number, baseline: number, runs: number): Promise<string> {
  const start = os.loadavg()[0] ?? 0;
  progress('console: building the CLI');
  await buildCli();
  const dir = await mkdtemp(join(os.tmpdir(), 'parcours-bench-console-'));
  const browser = await launchChromium();
  try {
    const { scenarios } = await buildProject(PROJECT_DIR);
    const measure = async (count: number): Promise<SizeFigures> => {
      progress(`console: parcours simulate on ${int(count)} journeys`);
      const files = await writeFixtureFiles(await mkdtemp(join(dir, 'input-')), count);
      const run = await simulateWithCli(files, os.availableParallelism(), dir);
      progress(`console: opening the report of ${int(count)} journeys`);
      const opened = performance.now();
      const source = await readReport(run.report, `backtest of ${count}`, scenarios);
      const openSeconds = (performance.now() - opened) / 1000;
      if (typeof source === 'string') throw new Error(source);
      const server = await startConsoleServer({ live: source }, { port: 0, host: '127.0.0.1' });
      try {
        // The last customer of the fixture: the one a linear search would find last.
        const customer = `bench-${String(count - 1).padStart(6, '0')}`;
        const timings = await loadPages(browser, runs, {
          scenario: `${server.url}scenarios/abandoned-cart`,
          customer: `${server.url}customers/${customer}`,
        });
        return {
          journeys: count,
          reportBytes: run.reportBytes,
          openSeconds,
          ...timings,
        };
      } finally {
        await server.close();
      }
    };
    const small = await measure(baseline);
    const large = await measure(journeys);
    const localSmall = await localConsoleTimings(browser, dir, baseline, runs);
    const localLarge = await localConsoleTimings(browser, dir, journeys, runs);
    const localRow = (count: number, figures: PageTimings) => [
      int(count),
      `${fixed(figures.coldServerMs.scenario, 0)} ms`,
      `${fixed(figures.firstPaintMs.scenario, 0)} ms`,
      `${fixed(figures.serverMs.scenario, 0)} ms`,
      `${fixed(figures.firstPaintMs.customer, 0)} ms`,
      `${fixed(figures.serverMs.customer, 0)} ms`,
    ];
    const row = (figures: SizeFigures) => [
      int(figures.journeys),
      megabytes(figures.reportBytes),
      `${fixed(figures.openSeconds, 1)} s`,
      `${fixed(figures.firstPaintMs.scenario, 0)} ms`,
      `${fixed(figures.serverMs.scenario, 0)} ms`,
      `${fixed(figures.firstPaintMs.customer, 0)} ms`,
      `${fixed(figures.serverMs.customer, 0)} ms`,
    ];
    const ratio = (page: PageName) => fixed(large.firstPaintMs[page] / small.firstPaintMs[page], 2);
    return [
      '## The console over a backtest',
      '',
      machineLine({ start, end: os.loadavg()[0] ?? 0 }),
      '',
      table(
        [
          'journeys',
          'report',
          'first open',
          'scenario: first paint',
          'server',
          'customer: first paint',
          'server',
        ],
        [row(small), row(large)],
      ),
      '',
      `Medians of ${runs} loads in headless Chromium after a warm-up load. First paint with ` +
        `${int(large.journeys)} journeys against ${int(small.journeys)}: scenario page ${ratio('scenario')}×, ` +
        `customer page ${ratio('customer')}×.`,
      '',
      '## The console of `npm start` over a data folder',
      '',
      table(
        [
          'executions',
          'scenario: first view (server)',
          'then: first paint',
          'server',
          'customer: first paint',
          'server',
        ],
        [localRow(baseline, localSmall), localRow(journeys, localLarge)],
      ),
      '',
      `The first view of a scenario reads every execution of the data folder once; later views use the index kept ` +
        `since. First paint with ${int(journeys)} executions against ${int(baseline)}: scenario page ` +
        `${fixed(localLarge.firstPaintMs.scenario / localSmall.firstPaintMs.scenario, 2)}×, customer page ` +
        `${fixed(localLarge.firstPaintMs.customer / localSmall.firstPaintMs.customer, 2)}×.`,
    ].join('\n');
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}
