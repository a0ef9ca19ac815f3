import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Trace } from '../../local/dev/trace.ts';
import { OutboxEntry } from '../../local/outbox/outbox.ts';
import { type DevServer, startDevServer } from '../../local/platform/dev-server.ts';
import { simulate } from '../../local/simulate/simulate.ts';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { cart, consent, customer, entry, eventually } from '../helpers/app-events.ts';
import { launchChromium, openConsolePage } from '../helpers/chromium.ts';
import { EXAMPLES_DIR } from '../helpers/project-fixture.ts';

/**
 * The console as a marketer meets it: `npm start`'s platform driven by the official EventBridge
 * client, read in real headless Chromium. Journey time runs 12,000× real time: a cart's day of
 * waiting takes 7.2 s, and the 7 days viewers wait after their email 50 s, well past the reading
 * of the page on a loaded machine.
 */
const SPEED = 12_000;
const MONDAY_MORNING = new Date('2026-11-16T08:00:00Z');
const BROWSERS = 30;

let dataDir: string;
let backtestsDir: string;
let server: DevServer;
let client: EventBridgeClient;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
/** Scripts that failed in the page (Mermaid, uPlot, the policy refusing one): none is expected. */
const pageErrors: string[] = [];

async function publish(...entries: PutEventsRequestEntry[]): Promise<void> {
  const result = await client.send(new PutEventsCommand({ Entries: entries }));
  expect(result.FailedEntryCount).toBe(0);
}

async function trace(profileId: string): Promise<Trace> {
  return Trace.parse(await (await fetch(`${server.adminUrl}/trace/${profileId}?reveal=true`)).json());
}

async function outbox(): Promise<OutboxEntry[]> {
  return z.array(OutboxEntry).parse(await (await fetch(`${server.adminUrl}/outbox`)).json());
}

const consoleUrl = (path: string) => `${server.adminUrl}/console${path}`;

/** A GET naming another host than the one it reaches, as a browser does after DNS rebinding. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
}

/** The cells of a table row, as text. */
async function rowOf(selector: string): Promise<string[]> {
  return page.locator(`${selector} td`).allInnerTexts();
}

/** A backtest's report: product views for browse-abandonment over two days, saved as a user would. */
async function saveBacktest(): Promise<void> {
  const events: EventEnvelope[] = Array.from({ length: 12 }, (_, index) => ({
    id: `view-${index}`,
    source: 'shop',
    'detail-type': 'product.viewed',
    time: new Date(Date.parse('2026-11-02T09:00:00Z') + index * 3_600_000).toISOString(),
    detail: { profileId: `reader-${index}`, productId: 'trail-shoes' },
  }));
  const report = await simulate({
    projectDir: EXAMPLES_DIR,
    events,
    profiles: events.map((event) => ({
      profileId: String(event.detail.profileId),
      email: `${String(event.detail.profileId)}@example.com`,
      pushTokens: [],
      consents: { topics: {} },
      attributes: {},
    })),
    until: new Date('2026-11-04T00:00:00Z'),
  });
  await mkdir(backtestsDir, { recursive: true });
  await writeFile(join(backtestsDir, 'views.json'), JSON.stringify(report));
}

describe('the console', () => {
  beforeAll(async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    dataDir = await mkdtemp(join(tmpdir(), 'parcours-console-'));
    backtestsDir = join(dataDir, 'backtests');
    await saveBacktest();
    server = await startDevServer({
      projectDir: EXAMPLES_DIR,
      dataDir: join(dataDir, 'data'),
      busPort: 0,
      speed: SPEED,
      demo: false,
      watch: false,
      start: MONDAY_MORNING,
      backtestsDir,
      log: () => undefined,
    });
    client = new EventBridgeClient({
      endpoint: server.busEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // An email's remote fonts and images fail to load where there is no internet: not the console's fault.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: net::'))
        pageErrors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 120_000);

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    client?.destroy();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers why a customer got the email but not the SMS, and opens the email as they saw it', async () => {
    // Prepare: opted in to SMS, but no phone number on the profile.
    await publish(customer('mia', 'mia@example.com'), consent('mia', 'sms', 'opted-in'));

    // Act
    await publish(cart('mia', 'k-mia'));
    await eventually('the SMS skip', async () =>
      (await trace('mia')).ledger.find(
        (record) => record.step === 'cart-sms' && record.outcome === 'skipped',
      ),
    );
    await openConsolePage(page, consoleUrl('/customers/mia'));

    // Assess
    const journey = page.locator('section.journey[data-scenario="abandoned-cart"]');
    const sent = journey.locator('li.row-sent');
    await expect(sent.innerText()).resolves.toMatch(/✓ sent email cart-email to m\*\*\*@e\*\*\*\.com/);
    const skipped = await journey.locator('li.row-skipped').innerText();
    expect(skipped).toContain('✗ not sent sms cart-sms: missing-address');
    expect(skipped).toContain('the profile has no phone number');
    expect(await page.content()).not.toContain('mia@example.com');

    await sent.locator('a').click();
    await page.waitForSelector('iframe.email');
    expect(await page.locator('iframe.email').getAttribute('sandbox')).toBe('');
    const email = page.frameLocator('iframe.email');
    await expect(email.locator('body').innerText()).resolves.toContain('Trail shoes');
    expect(page.url()).toMatch(/\/console\/messages\/.+$/);
  }, 90_000);

  it('shows a scenario with the journeys on each step, what was sent, and the holdout against each variant', async () => {
    // Prepare
    const readers = Array.from({ length: BROWSERS }, (_, index) => `viewer-${index}`);
    for (const reader of readers) await publish(customer(reader, `${reader}@example.com`));

    // Act
    // PutEvents takes ten entries at a time.
    for (let first = 0; first < readers.length; first += 10) {
      await publish(
        ...readers
          .slice(first, first + 10)
          .map((reader) => entry('shop', 'product.viewed', { profileId: reader, productId: 'trail-shoes' })),
      );
    }
    const decided = await eventually('every viewer held out or emailed', async () => {
      // Thirty traces at a time are work for the server: ask a few times a second, not forty.
      await new Promise((resolve) => setTimeout(resolve, 250));
      const traces = await Promise.all(readers.map(trace));
      const runs = traces.flatMap((one) =>
        one.executions.filter((run) => run.scenario === 'browse-abandonment'),
      );
      const emailed = traces.flatMap((one) =>
        one.ledger.filter((record) => record.scenario === 'browse-abandonment' && record.outcome === 'sent'),
      );
      const heldOut = runs.filter((run) => run.status === 'held-out');
      return heldOut.length + emailed.length === BROWSERS ? { heldOut: heldOut.length } : undefined;
    });
    const messages = (await outbox()).filter((message) => message.scenario === 'browse-abandonment');
    const byVariant = (variant: string) => messages.filter((message) => message.variant === variant).length;
    await openConsolePage(page, consoleUrl('/scenarios/browse-abandonment'));

    // Assess: each count against what the outbox and the traces say.
    expect((await rowOf('tr[data-state="Held out 10%"]'))[2]).toBe(String(decided.heldOut)); // entered
    const reminder = await rowOf('tr[data-state="Email browse-reminder"]');
    expect(reminder[2]).toBe(String(byVariant('reminder'))); // entered
    expect(reminder[3]).toBe(String(byVariant('reminder'))); // sent
    expect((await rowOf('tr[data-state="Wait 7 days"]'))[1]).toBe(String(messages.length)); // waiting now
    expect((await rowOf('tr[data-group="holdout"]'))[2]).toBe(String(decided.heldOut));
    expect((await rowOf('tr[data-group="treatment"][data-variant="discount"]'))[2]).toBe(
      String(byVariant('discount')),
    );
    const graph = await page.locator('.graph svg').innerHTML();
    expect(graph).toContain(`${messages.length} waiting`);

    // Who is waiting there: one row per emailed viewer, each leading to the customer.
    await page.locator('tr[data-state="Wait 7 days"] td.waiting a').click();
    await page.waitForURL(/\/console\/scenarios\/browse-abandonment\/journeys\?state=Wait/);
    const waiting = await page.locator('table.journeys tr td:first-child a').allInnerTexts();
    expect(waiting.sort()).toEqual([...new Set(messages.map((message) => message.profileId ?? ''))].sort());
  }, 120_000);

  it('opens a saved backtest with the same pages', async () => {
    // Act
    await openConsolePage(page, consoleUrl('/backtests'));
    await page.locator('table.backtests a', { hasText: 'views' }).click();
    await page.waitForSelector('body[data-drawn="true"]');

    // Assess
    expect(page.url()).toMatch(/\/console\/backtests\/views\/$/);
    expect(await page.locator('p.source').innerText()).toContain('backtest views');
    // The conversion program's chart is drawn from the report's journeys.
    expect(await page.locator('section.program[data-program="conversion"] canvas').count()).toBeGreaterThan(
      0,
    );
    await openConsolePage(page, consoleUrl('/backtests/views/scenarios/browse-abandonment'));
    // Every view entered once: treated or held out, variants aside.
    const groups = await page.locator('tr[data-variant=""] td:nth-child(3)').allInnerTexts();
    expect(groups.reduce((sum, text) => sum + Number(text), 0)).toBe(12);
    expect((await rowOf('tr[data-state="Holdout 10%"]'))[2]).toBe('12'); // entered, from the report's counts
    await page.locator('form.search input').fill('reader-3');
    await page.locator('form.search button').click();
    await page.waitForURL(/\/console\/backtests\/views\/customers\/reader-3$/);
    expect(await page.locator('section.journey').count()).toBe(1);
  }, 90_000);

  it('escapes what customers typed, runs none of it, and changes nothing', async () => {
    // Prepare
    const hostile = '<img src=x onerror=alert(1)>';
    await publish(
      entry('app', 'profile.updated', {
        profileId: 'eve',
        email: 'eve@example.com',
        traits: { firstName: hostile },
      }),
    );
    await eventually('the profile', async () => (await trace('eve')).profile ?? undefined);

    // Act
    await openConsolePage(page, consoleUrl('/customers/eve'));
    const posted = await fetch(consoleUrl('/customers/eve'), { method: 'POST' });
    // A page of another site whose name was pointed at 127.0.0.1 (DNS rebinding).
    const rebound = await statusWithHost(consoleUrl('/customers/eve?reveal=true'), 'evil.example:80');

    // Assess
    expect(await page.locator('section.profile').innerText()).toContain(hostile);
    expect(await page.locator('section.profile img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(posted.status).toBe(405);
    expect(rebound).toBe(421);
  }, 90_000);
});
