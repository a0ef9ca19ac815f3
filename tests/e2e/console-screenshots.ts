/**
 * `npm run screenshots`: the console's pages as the README shows them, made with the end-to-end
 * tests' tooling. The dev server runs the examples with the demo and a few dozen product views (so
 * the holdout and the variants have figures), a week's backtest is saved beside it, and headless
 * Chromium photographs each page into docs/console/.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { OutboxEntry } from '../../local/outbox/outbox.ts';
import { startDevServer } from '../../local/platform/dev-server.ts';
import { simulate } from '../../local/simulate/simulate.ts';
import { EventEnvelope } from '../../shared/events/envelope.ts';
import { Profile } from '../../shared/profiles/profile.ts';
import { cart, consent, customer, entry } from '../helpers/app-events.ts';
import { launchChromium, openConsolePage } from '../helpers/chromium.ts';
import { EXAMPLES_DIR, REPO_ROOT } from '../helpers/project-fixture.ts';

const OUT = join(REPO_ROOT, 'docs', 'console');
const SPEED = 36_000;
const VIEWERS = 40;

const jsonLines = async (file: string) =>
  (await readFile(join(REPO_ROOT, file), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line): unknown => JSON.parse(line));

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
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
const publish = (...entries: Parameters<typeof entry>[]) =>
  client.send(new PutEventsCommand({ Entries: entries.map((args) => entry(...args)) }));
try {
  await client.send(
    new PutEventsCommand({
      Entries: [customer('mia', 'mia@example.com'), consent('mia', 'sms', 'opted-in')],
    }),
  );
  await client.send(new PutEventsCommand({ Entries: [cart('mia', 'k-mia')] }));
  for (let first = 0; first < VIEWERS; first += 10) {
    const ids = Array.from({ length: 10 }, (_, index) => `viewer-${first + index}`);
    await client.send(new PutEventsCommand({ Entries: ids.map((id) => customer(id, `${id}@example.com`)) }));
    await publish(
      ...ids.map(
        (id): Parameters<typeof entry> => [
          'shop',
          'product.viewed',
          { profileId: id, productId: 'trail-shoes' },
        ],
      ),
    );
    // A few of them order: conversions with revenue.
    await publish(['shop', 'order.placed', { profileId: ids[3] ?? '', orderId: `o-${first}`, total: 79 }]);
  }
  // Three journey days: the carts' SMS steps and the views' emails are done.
  await new Promise((resolve) => setTimeout(resolve, 8_000));

  await mkdir(OUT, { recursive: true });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const home = `${server.adminUrl}/console`;
  const emails = z
    .array(OutboxEntry)
    .parse(await (await fetch(`${server.adminUrl}/outbox?channel=email`)).json());
  const cartEmail = emails.find((email) => email.profileId === 'mia')?.messageId ?? 'none';
  const shots: [string, string][] = [
    ['programs', `${home}/`],
    ['scenario', `${home}/scenarios/browse-abandonment`],
    ['customer', `${home}/customers/mia`],
    ['messages', `${home}/messages`],
    ['message', `${home}/messages/${encodeURIComponent(cartEmail)}`],
    ['audience', `${home}/audience/french_buyers`],
    ['backtest', `${home}/backtests/week/scenarios/abandoned-cart`],
  ];
  for (const [name, url] of shots) {
    await openConsolePage(page, url);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    process.stdout.write(`docs/console/${name}.png\n`);
  }
  await browser.close();
} finally {
  client.destroy();
  await server.stop();
  await rm(root, { recursive: true, force: true });
}
