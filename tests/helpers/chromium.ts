import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** The names Debian's and other distributions' Chromium packages install on the PATH. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/** Chromium from PARCOURS_CHROMIUM, or the first of NAMES on the PATH (`.ci/run` installs it). */
export function chromiumPath(): string {
  const configured = process.env.PARCOURS_CHROMIUM;
  if (configured !== undefined && configured !== '') return configured;
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(folder, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    `no Chromium on the PATH (${NAMES.join(', ')}); install Debian's chromium or set PARCOURS_CHROMIUM`,
  );
}

/** Headless Chromium as the end-to-end tests and the documentation's screenshots use it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
}

/** Opens a console page and waits until its graph and charts are drawn. */
export async function openConsolePage(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  if (response === null) throw new Error(`no response from ${url}`);
  await page.waitForSelector('body[data-drawn="true"], body:not(:has(script[type="module"]))', {
    timeout: 30_000,
  });
}
