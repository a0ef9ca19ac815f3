import type { Browser, Page } from 'playwright-core';
import * as z from 'zod';
import { median } from '../measure.ts';

/** The pages a marketer opens first: a scenario's, and one customer's. */
export const PAGES = ['scenario', 'customer'] as const;
export type PageName = (typeof PAGES)[number];

/** What each page must show to count: a fast page with nothing on it measures nothing. */
const SHOWS: Readonly<Record<PageName, string>> = {
  scenario: 'table.steps tr[data-state]',
  customer: 'section.journey',
};

export type PageTimings = {
  /** Median time from navigation to the first contentful paint, per page. */
  readonly firstPaintMs: Readonly<Record<PageName, number>>;
  /** Median time the server took to answer the page (request to last byte). */
  readonly serverMs: Readonly<Record<PageName, number>>;
  /** The first load of each page, before any index was built. */
  readonly coldServerMs: Readonly<Record<PageName, number>>;
};

/** Loads each page `runs` times after a first, cold load, and keeps the medians. */
export async function loadPages(
  browser: Browser,
  runs: number,
  urls: Readonly<Record<PageName, string>>,
): Promise<PageTimings> {
  const page = await browser.newPage();
  const samples: Record<PageName, { paint: number[]; server: number[]; cold: number }> = {
    scenario: { paint: [], server: [], cold: Number.NaN },
    customer: { paint: [], server: [], cold: Number.NaN },
  };
  try {
    for (let round = 0; round <= runs; round += 1) {
      for (const name of PAGES) {
        const timing = await firstPaint(page, urls[name], SHOWS[name]);
        // The first round builds the server's indexes and fills the browser's cache of the scripts.
        if (round === 0) {
          samples[name].cold = timing.serverMs;
          continue;
        }
        samples[name].paint.push(timing.paintMs);
        samples[name].server.push(timing.serverMs);
      }
    }
  } finally {
    await page.close();
  }
  return {
    firstPaintMs: { scenario: median(samples.scenario.paint), customer: median(samples.customer.paint) },
    serverMs: { scenario: median(samples.scenario.server), customer: median(samples.customer.server) },
    coldServerMs: { scenario: samples.scenario.cold, customer: samples.customer.cold },
  };
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
