import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as z from 'zod';
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

/** The pages a marketer opens first: a scenario's, and one customer's. */
const PAGES = ['scenario', 'customer'] as const;
type PageName = (typeof PAGES)[number];

/** What each page must show to count: a fast page with nothing on it measures nothing. */
const SHOWS: Readonly<Record<PageName, string>> = {
  scenario: 'table.steps tr[data-state]',
  customer: 'section.journey',
};

type SizeFigures = {
  readonly journeys: number;
  readonly reportBytes: number;
  /** Reading and checking the report, once, when the backtest is first opened. */
  readonly openSeconds: number;
  /** Median time from navigation to the first contentful paint, per page. */
  readonly firstPaintMs: Readonly<Record<PageName, number>>;
  /** Median time the server took to answer the page (request to last byte). */
  readonly serverMs: Readonly<Record<PageName, number>>;
};

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
        const page = await browser.newPage();
        // The last customer of the fixture: the one a linear search would find last.
        const customer = `bench-${String(count - 1).padStart(6, '0')}`;
        const urls: Record<PageName, string> = {
          scenario: `${server.url}scenarios/abandoned-cart`,
          customer: `${server.url}customers/${customer}`,
        };
        const samples: Record<PageName, { paint: number[]; server: number[] }> = {
          scenario: { paint: [], server: [] },
          customer: { paint: [], server: [] },
        };
        for (let round = 0; round <= runs; round += 1) {
          for (const name of PAGES) {
            const timing = await firstPaint(page, urls[name], SHOWS[name]);
            // The first round warms the server's indexes and the browser's cache of the scripts.
            if (round === 0) continue;
            samples[name].paint.push(timing.paintMs);
            samples[name].server.push(timing.serverMs);
          }
        }
        await page.close();
        return {
          journeys: count,
          reportBytes: run.reportBytes,
          openSeconds,
          firstPaintMs: {
            scenario: median(samples.scenario.paint),
            customer: median(samples.customer.paint),
          },
          serverMs: { scenario: median(samples.scenario.server), customer: median(samples.customer.server) },
        };
      } finally {
        await server.close();
      }
    };
    const small = await measure(baseline);
    const large = await measure(journeys);
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
    ].join('\n');
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Loads a page and reads, from the browser's own timing, when it first painted and how long the server took. */
async function firstPaint(
  page: Page,
  url: string,
  shows: string,
): Promise<{ paintMs: number; serverMs: number }> {
  const response = await page.goto(url, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${url} answered ${response?.status() ?? 'nothing'}`);
  if ((await page.locator(shows).count()) === 0) throw new Error(`${url} shows no ${shows}`);
  return PaintTiming.parse(await page.evaluate(PAINT_TIMING));
}

/**
 * Run in the page, as text (it runs in the browser, not under Node's types): waits up to a second
 * of frames for the first-contentful-paint entry, which is recorded a frame after load at the latest.
 */
const PAINT_TIMING = `(async () => {
  for (let frame = 0; frame < 60; frame += 1) {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const navigation = performance.getEntriesByType('navigation')[0];
    if (paint !== undefined && navigation !== undefined)
      return { paintMs: paint.startTime, serverMs: navigation.responseEnd - navigation.requestStart };
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return 'the page never painted';
})()`;
const PaintTiming = z.object({ paintMs: z.number(), serverMs: z.number() });

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
