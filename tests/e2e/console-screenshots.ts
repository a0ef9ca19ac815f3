/**
 * `npm run screenshots`: the console's pages as the README shows them, made with the end-to-end
 * tests' tooling. The dev server runs the examples with the demo and a few dozen product views (so
 * the holdout and the variants have figures), a week's backtest is saved beside it, and headless
 * Chromium photographs each page into docs/console/.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { stop as stopEsbuild } from 'esbuild';
import * as z from 'zod';
import { Trace } from '../../local/dev/trace.ts';
import { OutboxEntry } from '../../local/outbox/outbox.ts';
import { startDevServer } from '../../local/platform/dev-server.ts';
import { simulate } from '../../local/simulate/simulate.ts';
import { EventEnvelope } from '../../shared/events/envelope.ts';
import { Profile } from '../../shared/profiles/profile.ts';
import { cart, consent, customer, entry } from '../helpers/app-events.ts';
import { chromiumPath, launchChromium, openConsolePage } from '../helpers/chromium.ts';
import { EXAMPLES_DIR, REPO_ROOT } from '../helpers/project-fixture.ts';

const OUT = join(REPO_ROOT, 'docs', 'console');
const SPEED = 12_000;
const VIEWERS = 40;

const jsonLines = async (file: string) =>
  (await readFile(join(REPO_ROOT, file), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => JSON.parse(line));

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Before anything starts: without a browser there is nothing to photograph, said in one line.
try {
  chromiumPath();
} catch (error) {
  process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const root = await mkdtemp(join(tmpdir(), 'parcours-screenshots-'));
const backtests = join(root, 'backtests');
await mkdir(backtests, { recursive: true });
const week = await simulate({
  projectDir: EXAMPLES_DIR,
  events: (await jsonLines('tests/events/week.jsonl')).map((event) => EventEnvelope.parse(event)),
  profiles: (await jsonLines('tests/events/profiles.jsonl')).map((profile) => Profile.parse(profile)),
  until: new Date('2026-11-30T00:00:00Z'),
});
await writeFile(join(backtests, 'week.json'), JSON.stringify(week));

const server = await startDevServer({
  projectDir: EXAMPLES_DIR,
  dataDir: join(root, 'data'),
  busPort: 0,
  speed: SPEED,
  demo: true,
  watch: false,
  start: new Date('2026-11-16T08:00:00Z'),
  backtestsDir: backtests,
  log: () => undefined,
});
const client = new EventBridgeClient({
  endpoint: server.busEndpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
/** Publishes, ten entries at a time as PutEvents takes them, and fails on any entry refused. */
async function publish(entries: readonly PutEventsRequestEntry[]): Promise<void> {
  for (let first = 0; first < entries.length; first += 10) {
    const result = await client.send(new PutEventsCommand({ Entries: entries.slice(first, first + 10) }));
    if (result.FailedEntryCount !== 0) throw new Error(`the bus refused ${result.FailedEntryCount} event(s)`);
  }
}

const emails = async () =>
  z.array(OutboxEntry).parse(await (await fetch(`${server.adminUrl}/outbox?channel=email`)).json());

const browser = await launchChromium();
try {
  await publish([customer('mia', 'mia@example.com'), consent('mia', 'sms', 'opted-in')]);
  await publish([cart('mia', 'k-mia')]);
  const viewers = Array.from({ length: VIEWERS }, (_, index) => `viewer-${index}`);
  await publish(viewers.map((id) => customer(id, `${id}@example.com`)));
  await publish(
    viewers.map((id) => entry('shop', 'product.viewed', { profileId: id, productId: 'trail-shoes' })),
  );
  // One in ten orders: conversions with revenue.
  await publish(
    viewers
      .filter((_, index) => index % 10 === 3)
      .map((id) => entry('shop', 'order.placed', { profileId: id, orderId: `o-${id}`, total: 79 })),
  );
  // Until mia's SMS step has run (a journey day after her email) and every viewer is emailed or held out.
  const started = Date.now();
  const trace = async (profileId: string) =>
    Trace.parse(await (await fetch(`${server.adminUrl}/trace/${profileId}`)).json());
  while (!(await trace('mia')).ledger.some((record) => record.step === 'cart-sms')) {
    if (Date.now() - started > 120_000) throw new Error("waited two minutes for mia's SMS step");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const cartEmail = (await emails()).find((email) => email.profileId === 'mia')?.messageId;
  if (cartEmail === undefined) throw new Error('mia got no cart email');

  await mkdir(OUT, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const home = `${server.adminUrl}/console`;
  const shots: [string, string][] = [
    ['programs', `${home}/`],
    ['scenario', `${home}/scenarios/browse-abandonment`],
    ['journeys', `${home}/scenarios/browse-abandonment/journeys?state=${encodeURIComponent('Wait 7 days')}`],
    ['customer', `${home}/customers/mia`],
    ['messages', `${home}/messages`],
    ['message', `${home}/messages/${encodeURIComponent(cartEmail)}`],
    ['rejected', `${home}/rejected`],
    ['audience', `${home}/audience/french_buyers`],
    ['backtests', `${home}/backtests`],
    ['backtest', `${home}/backtests/week/scenarios/abandoned-cart`],
  ];
  for (const [name, url] of shots) {
    await openConsolePage(page, url);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    process.stdout.write(`docs/console/${name}.png\n`);
  }
} finally {
  await browser.close();
  client.destroy();
  await server.stop();
  await rm(root, { recursive: true, force: true });
  // The console's script and the simulation's worker were built by esbuild in this process, and
  // its service process stayed referenced after the last page, so the script never exited.
  await stopEsbuild();
}
