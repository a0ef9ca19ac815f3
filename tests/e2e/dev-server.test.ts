import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { openDataFolder } from '../../local/dev/data-folder.ts';
import { RejectedListing } from '../../local/dev/rejected-listing.ts';
import { Trace } from '../../local/dev/trace.ts';
import { OutboxEntry } from '../../local/outbox/outbox.ts';
import { type DevServer, startDevServer } from '../../local/platform/dev-server.ts';
import type { ExecutionRecord } from '../../local/runtime/execution-record.ts';
import { allExecutions } from '../../local/runtime/execution-store.ts';
import { AudiencePreview } from '../../shared/broadcasts/audience-preview.ts';
import { cart, consent, customer, entry, eventually } from '../helpers/app-events.ts';
import { parcours } from '../helpers/cli-process.ts';
import { EXAMPLES_DIR, useProjectFixtures } from '../helpers/project-fixture.ts';

/**
 * `npm start` in-process, driven through the official EventBridge client as an app would. Journey
 * time runs 36,000× faster than real time: the cart's hour of waiting takes 0.1 s and its day 2.4 s,
 * which leaves a test time to act between the email and the SMS.
 */
const SPEED = 36_000;
/** A Monday 09:00 in Paris: the SMS a day later falls outside quiet hours. */
const MONDAY_MORNING = new Date('2026-11-16T08:00:00Z');

let dataDir: string;
let server: DevServer;
let client: EventBridgeClient;
const log: string[] = [];
/** The journey-time day the platform kept the rejected event of the send-event test under. */
let rejectedDay = 'none';

async function start(projectDir = EXAMPLES_DIR, speed = SPEED): Promise<void> {
  server = await startDevServer({
    projectDir,
    dataDir,
    busPort: 0,
    speed,
    demo: false,
    // Only the test of scenario changes watches: the others run on the repository's examples.
    watch: projectDir !== EXAMPLES_DIR,
    start: MONDAY_MORNING,
    log: (line) => log.push(line),
  });
  client = new EventBridgeClient({
    endpoint: server.busEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function stop(): Promise<void> {
  client.destroy();
  await server.stop();
}

async function publish(...entries: PutEventsRequestEntry[]): Promise<void> {
  const result = await client.send(new PutEventsCommand({ Entries: entries }));
  expect(result.FailedEntryCount).toBe(0);
}

async function outbox(): Promise<OutboxEntry[]> {
  const response = await fetch(`${server.adminUrl}/outbox`);
  return z.array(OutboxEntry).parse(await response.json());
}

/** Addresses masked, as the trace shows them, unless `reveal`. */
async function trace(profileId: string, reveal = false): Promise<Trace> {
  const response = await fetch(`${server.adminUrl}/trace/${profileId}${reveal ? '?reveal=true' : ''}`);
  return Trace.parse(await response.json());
}

const messageTo = (profileId: string, step: string) => async () =>
  (await outbox()).find((message) => message.profileId === profileId && message.step === step);

describe('parcours dev', () => {
  beforeAll(async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    dataDir = await mkdtemp(join(tmpdir(), 'parcours-dev-'));
    await start();
  });

  afterAll(async () => {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('emails the cart with its items, texts a journey day later, and starts one journey for a repeated cart', async () => {
    // Prepare
    await publish(customer('jane', 'jane@example.com', '+33612345678'), consent('jane', 'sms', 'opted-in'));

    // Act
    await publish(cart('jane', 'k-1'));
    await publish(cart('jane', 'k-1'));

    // Assess
    const email = await eventually('the cart email', messageTo('jane', 'cart-email'));
    expect(email).toMatchObject({ channel: 'email', to: 'jane@example.com', scenario: 'abandoned-cart' });
    expect(email.body).toContain('Trail shoes');
    expect(email.body).toContain('Running socks');
    const sms = await eventually('the cart SMS', messageTo('jane', 'cart-sms'));
    expect(sms.to).toBe('+33612345678');
    expect(Date.parse(sms.at) - Date.parse(email.at)).toBeGreaterThanOrEqual(86_400_000);
    const journeys = (await trace('jane')).executions.filter((run) => run.scenario === 'abandoned-cart');
    expect(journeys).toHaveLength(1);
    await eventually('the second cart refused in the log', async () =>
      log.find((line) => /no start\s+jane\s+abandoned-cart: already entered for k-1/.test(line)),
    );
    const inbox = z
      .object({ emails: z.array(z.object({ destination: z.object({ to: z.array(z.string()) }) })) })
      .parse(await (await fetch(`${server.inboxUrl}/store`)).json());
    expect(inbox.emails.some((sent) => sent.destination.to.includes('jane@example.com'))).toBe(true);
  });

  it('sends nothing to an unsubscribed customer, and the trace names the reason', async () => {
    // Prepare
    await publish(customer('joe', 'joe@example.com'), consent('joe', 'email', 'opted-out'));

    // Act
    await publish(cart('joe', 'k-2'));

    // Assess
    const skipped = await eventually('the skipped cart email', async () =>
      (await trace('joe')).ledger.find((record) => record.step === 'cart-email'),
    );
    expect(skipped).toMatchObject({ outcome: 'skipped', reason: 'unsubscribed' });
    expect((await outbox()).filter((message) => message.profileId === 'joe')).toEqual([]);
    await eventually('the skip in the log', async () =>
      log.find((line) => /not sent\s+joe\s+abandoned-cart\/cart-email: email, unsubscribed/.test(line)),
    );
  });

  it('stops the journey when the order is placed: no SMS after the email', async () => {
    // Prepare
    await publish(customer('sam', 'sam@example.com', '+33612345679'), consent('sam', 'sms', 'opted-in'));
    await publish(cart('sam', 'k-3'));
    await eventually('the cart email', messageTo('sam', 'cart-email'));

    // Act
    await publish(
      entry('shop', 'order.placed', { profileId: 'sam', orderId: 'o-3', cartId: 'k-3', total: 114.9 }),
    );

    // Assess
    const ended = await eventually('the converted journey', async () =>
      (await trace('sam')).executions.find(
        (run) => run.scenario === 'abandoned-cart' && run.status !== 'running',
      ),
    );
    expect(ended.status).toBe('converted');
    expect(
      (await outbox()).filter((message) => message.profileId === 'sam').map((message) => message.step),
    ).toEqual(['cart-email']);
  });

  it('serves the unsubscribe link of an email: GET shows the confirmation, a one-click POST opts out', async () => {
    // Prepare: an email to ann, whose unsubscribe link points at the admin endpoint
    await publish(customer('ann', 'ann@example.com'));
    await publish(cart('ann', 'k-7'));
    const email = await eventually('the cart email', messageTo('ann', 'cart-email'));
    const link = new RegExp(`${server.adminUrl}/unsubscribe\\?token=[\\w.-]+`).exec(email.body)?.[0];
    if (link === undefined) throw new Error(`no unsubscribe link in ${email.body}`);

    // Act
    const page = await fetch(link);
    const pageText = await page.text();
    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    const oversized = await fetch(link, { method: 'POST', body: 'x'.repeat(20_000) });
    const forged = await fetch(`${link.slice(0, -4)}AAAA`, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
    });
    const elsewhere = await fetch(`${server.adminUrl}/outbox`, { method: 'POST', body: 'x' });
    const head = await fetch(`${server.adminUrl}/health`, { method: 'HEAD' });
    const preferences = await fetch(link.replace('/unsubscribe?', '/preferences?'));

    // Assess
    expect(page.status).toBe(200);
    expect(pageText).toContain('<form method="post">');
    expect(oneClick.status).toBe(200);
    // Past 16 KB the body is not read: the POST is the confirm button's, as on AWS
    expect(oversized.status).toBe(200);
    expect(await oversized.text()).toContain('You are unsubscribed');
    expect(forged.status).toBe(400);
    expect(elsewhere.status).toBe(405);
    expect(elsewhere.headers.get('allow')).toBe('GET, HEAD');
    expect(head.status).toBe(200);
    expect(preferences.status).toBe(200);
    expect(await preferences.text()).toContain('<form method="post">');
    expect(await head.text()).toBe('');
    const optedOut = await eventually('the opt-out applied', async () => {
      const profile = (await trace('ann')).profile;
      return profile?.consents.topics.conversion === 'opted-out' ? profile : undefined;
    });
    expect(optedOut.consents.topics).toEqual({ conversion: 'opted-out' });
    expect((await trace('ann')).events.map((event) => [event.source, event['detail-type']])).toContainEqual([
      'parcours.unsubscribe',
      'subscription.changed',
    ]);
  });

  it('previews an audience: who a segment reaches as orders move customers into it, and why a scenario has none', async () => {
    // Prepare: a 600 order puts ava in the vip segment (revenue of 500 or more)
    await publish(customer('ava', 'ava@example.com'));
    await publish(
      entry('shop', 'order.placed', { profileId: 'ava', orderId: 'o-600', total: 600, items: [] }),
    );
    const audience = async (path: string) => fetch(`${server.adminUrl}/audience/${path}`);

    // Act
    const preview = await eventually('ava in the vip audience', async () => {
      const found = AudiencePreview.parse(await (await audience('vip?sample=5')).json());
      return found.sample.some(({ profileId }) => profileId === 'ava') ? found : undefined;
    });
    const none = await audience('abandoned-cart');
    const badSample = await audience('vip?sample=lots');

    // Assess
    expect(preview).toMatchObject({ target: 'vip', audience: 'segment vip' });
    expect(preview.channels.email.reachable).toBeGreaterThanOrEqual(1);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({
      error:
        'scenario "abandoned-cart" starts on events, not on a schedule or an anniversary: it has no audience',
    });
    expect(badSample.status).toBe(400);
    expect((await trace('ava')).events.map((event) => event['detail-type'])).toContain('segment.entered');
  });

  it('masks addresses in the trace JSON unless asked to reveal them', async () => {
    // Prepare: jane's profile holds an email and a phone number (first test)
    await eventually("jane's profile", async () => (await trace('jane')).profile ?? undefined);

    // Act
    const masked = await (await fetch(`${server.adminUrl}/trace/jane`)).text();
    const revealed = await (await fetch(`${server.adminUrl}/trace/jane?reveal=true`)).text();

    // Assess
    expect(masked).not.toContain('jane@example.com');
    expect(masked).not.toContain('+33612345678');
    expect(Trace.parse(JSON.parse(masked)).profile).toMatchObject({
      email: 'j***@e***.com',
      phone: '+33***78',
    });
    expect(revealed).toContain('jane@example.com');
  });

  it('traces a customer whose id is dots only, which a URL path cannot hold', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    await publish(customer('..', 'dots@example.com'));
    await eventually('the profile of ".."', async () => {
      const response = await fetch(`${server.adminUrl}/trace?id=..`);
      return response.ok ? (Trace.parse(await response.json()).profile ?? undefined) : undefined;
    });
    const port = new URL(server.busEndpoint).port;

    // Act
    const run = await parcours(['trace', '..', '--port', port, '--data', dataDir, '--dir', EXAMPLES_DIR]);

    // Assess
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('..: d***@e***.com');
  });

  it('tells send-event what became of each event, and lists the rejected ones', {
    timeout: 60_000,
  }, async () => {
    // Prepare: one valid event, one without a profile id
    const good = {
      source: 'app',
      'detail-type': 'profile.updated',
      detail: { profileId: 'eva', email: 'eva@example.com' },
    };
    const bad = { source: 'shop', 'detail-type': 'cart.updated', detail: { cartId: 'k-8', itemCount: 1 } };

    // Act
    const run = await parcours(
      ['send-event', '--endpoint', server.busEndpoint, '--admin', server.adminUrl, '-'],
      { stdin: `${JSON.stringify(good)}\n${JSON.stringify(bad)}\n` },
    );
    const listing = await (await fetch(`${server.adminUrl}/rejected?since=1d`)).json();
    const wrongRange = await fetch(`${server.adminUrl}/rejected?day=yesterday`);

    // Assess
    const [accepted, rejected] = run.stdout.trim().split('\n');
    expect(accepted).toMatch(/^accepted [0-9a-f-]{36}$/);
    expect(rejected).toMatch(/^rejected [0-9a-f-]{36}: detail\.profileId: /);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'parcours: 1 of 2 events rejected by the platform (parcours rejected lists them)\n',
    );
    const rejectedId = rejected?.split(' ')[1]?.replace(':', '');
    const kept = RejectedListing.parse(listing).events.find((event) => event.eventId === rejectedId);
    expect(kept).toMatchObject({ source: 'shop', detailType: 'cart.updated' });
    rejectedDay = kept?.receivedAt.slice(0, 10) ?? 'none';
    expect(wrongRange.status).toBe(400);
    expect(
      log.some(
        (line) =>
          /\brejected\s+\?\s+event [0-9a-f-]{36}: detail\.profileId: /.test(line) &&
          line.includes(rejectedId ?? '-'),
      ),
    ).toBe(true);
  });

  it('keeps profiles and the outbox across a restart, and resumes a waiting journey where it was', async () => {
    // Prepare: max's journey waits its day after the email when the server stops
    await publish(customer('max', 'max@example.com'));
    await publish(cart('max', 'k-4'));
    await eventually('the cart email', messageTo('max', 'cart-email'));
    const sentBefore = (await outbox()).length;

    // Act
    await stop();
    await start();

    // Assess
    expect((await trace('jane', true)).profile?.email).toBe('jane@example.com');
    expect((await outbox()).length).toBeGreaterThanOrEqual(sentBefore);
    await eventually('the resumption in the log', async () =>
      log.find((line) => /resume\s+max\s+abandoned-cart at "Wait 1 day"/.test(line)),
    );
    const finished = await eventually('the resumed journey to end', async () =>
      (await trace('max')).executions.find(
        (run) => run.scenario === 'abandoned-cart' && run.status !== 'running',
      ),
    );
    expect(finished.status).toBe('completed');
  });

  it('answers `outbox` and `trace` from the data folder once the server has stopped', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    await stop();
    const noServer = await freePort();

    // Act
    const [table, json, why] = await Promise.all([
      parcours(['outbox', '--data', dataDir]),
      parcours(['outbox', '--data', dataDir, '--channel', 'sms', '--json']),
      parcours(['trace', 'joe', '--data', dataDir, '--dir', EXAMPLES_DIR, '--port', String(noServer - 1)]),
    ]);
    // One process at a time holds the store of a data folder.
    const traceJson = await parcours([
      'trace',
      'jane',
      '--json',
      '--data',
      dataDir,
      '--dir',
      EXAMPLES_DIR,
      '--port',
      String(noServer - 1),
    ]);
    const rejected = await parcours([
      'rejected',
      '--day',
      rejectedDay,
      '--data',
      dataDir,
      '--port',
      String(noServer - 1),
    ]);
    const saved = await savedExecutions(dataDir);
    await start();

    // Assess
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/email\s+jane@example\.com\s+.*abandoned-cart\s+cart-email/);
    const sms = z.array(OutboxEntry).parse(JSON.parse(json.stdout));
    expect(sms.map((message) => [message.profileId, message.to])).toEqual([['jane', '+33612345678']]);
    expect({ code: why.code, stderr: why.stderr }).toEqual({ code: 0, stderr: '' });
    expect(why.stdout).toContain('read from');
    expect(why.stdout).toMatch(/not sent email cart-email: unsubscribed, the customer opted out of email/);
    expect(why.stdout).toContain('j***@e***.com'); // addresses stay masked, as in the log
    expect(why.stdout).not.toContain('joe@example.com');
    expect(traceJson.code).toBe(0);
    expect(traceJson.stdout).toContain('j***@e***.com');
    expect(traceJson.stdout).not.toContain('jane@example.com');
    expect(rejected.stdout).toMatch(/\?\s+shop\s+cart\.updated\s+detail\.profileId: /);
    expect(rejected.stdout).toMatch(/^1 rejected event from .* read from /m);
    // Journeys that ended before the clean stop are saved as ended, never as running.
    const janeCart = saved.find((run) => run.profileId === 'jane' && run.scenario === 'abandoned-cart');
    expect(janeCart?.status).toBe('completed');
    expect(saved.filter((run) => run.status === 'running' && run.endedAt !== undefined)).toEqual([]);
  });
});

describe('parcours dev, when scenario files change', () => {
  const { copyExamples, tempDir } = useProjectFixtures();

  it('keeps running on an invalid change, reloads a valid one, and lets a journey started before it finish on its version', {
    timeout: 120_000,
  }, async () => {
    // Prepare: at 3,600×, liz's cart waits its day (24 s) after the email when the files change
    const project = await copyExamples();
    dataDir = await tempDir();
    await start(project.dir, 3_600);
    try {
      await publish(customer('liz', 'liz@example.com', '+33612345678'), consent('liz', 'sms', 'opted-in'));
      await publish(cart('liz', 'k-5'));
      await eventually('the cart email', messageTo('liz', 'cart-email'));

      // Act: a typo first, then a valid version whose day of waiting became two, with a new SMS text
      await project.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');
      await eventually('the invalid change reported', async () =>
        log.find((line) => line.includes('abandoned-cart.yaml:steps[1].template')),
      );
      const healthy = z
        .object({ status: z.string() })
        .parse(await (await fetch(`${server.adminUrl}/health`)).json());
      await project.replace('templates/cart-sms/sms.txt', 'is still here', 'waits for you');
      const source = (await project.read('abandoned-cart.yaml'))
        .replace('template: cart-remindr', 'template: cart-reminder')
        .replace('wait: 1d', 'wait: 2d');
      await project.write('abandoned-cart.yaml', source);

      // Assess: liz's journey goes on with the day it was waiting and the SMS it was to send
      expect(healthy.status).toBe('ok');
      expect(log.some((line) => line.includes('the previous version keeps running'))).toBe(true);
      await eventually('the reload', async () =>
        log.find((line) => /reload\s+reloaded 8 scenarios/.test(line)),
      );
      await eventually('the resumption on its version', async () =>
        log.find((line) => /resume\s+liz\s+abandoned-cart at "Wait 1 day"/.test(line)),
      );
      const sms = await eventually(
        'the SMS of the version liz entered on',
        messageTo('liz', 'cart-sms'),
        60_000,
      );
      expect(sms.body).toContain('is still here');
      const journey = await eventually('liz’s journey to end', async () =>
        (await trace('liz')).executions.find(
          (run) => run.scenario === 'abandoned-cart' && run.status !== 'running',
        ),
      );
      expect(journey.status).toBe('completed');
      // The new version takes events on the same endpoint
      await publish(customer('kim', 'kim@example.com'), cart('kim', 'k-6'));
      await eventually('an email from the new version', messageTo('kim', 'cart-email'));
    } finally {
      await stop();
    }
  });
});

/** The execution records a stopped server left in its data folder. */
async function savedExecutions(folder: string): Promise<ExecutionRecord[]> {
  const opened = await openDataFolder(folder);
  try {
    return await allExecutions(opened.store);
  } finally {
    await opened.stop();
  }
}

/** A loopback port nothing listens on, so `trace` finds no dev server and reads the folder. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const port = z.object({ port: z.number() }).parse(probe.address()).port;
      probe.close(() => resolve(port));
    });
  });
}
