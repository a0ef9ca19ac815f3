import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestShelf } from '../../../local/console/backtest-shelf.ts';
import { type ConsoleSite, consoleAnswer } from '../../../local/console/console-router.ts';
import { link } from '../../../local/console/pages/page.ts';
import { reportConsoleSource } from '../../../local/console/sources/report-source.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { simulate } from '../../../local/simulate/simulate.ts';
import type { SimulationReport } from '../../../local/simulate/simulation-report.ts';
import { EXAMPLES_DIR } from '../../helpers/project-fixture.ts';

let folder: string;
let site: ConsoleSite;
let report: SimulationReport;

const get = async (path: string) => {
  const answer = await consoleAnswer(site, new URL(path, 'http://127.0.0.1'));
  if (answer === undefined) throw new Error(`${path} is not a console path`);
  return { ...answer, text: answer.body.toString() };
};

describe('the console pages over a backtest', () => {
  beforeAll(async () => {
    report = await simulate({
      projectDir: EXAMPLES_DIR,
      events: ['ana', 'ben', '<b>bold</b>'].map((profileId, index) => ({
        id: `cart-${index}`,
        source: 'shop',
        'detail-type': 'cart.updated',
        time: `2026-11-02T0${index}:00:00.000Z`,
        detail: { profileId, cartId: `k-${index}`, itemCount: 1, items: [] },
      })),
      profiles: ['ana', 'ben', '<b>bold</b>'].map((profileId) => ({
        profileId,
        email: `${profileId.replace(/\W/g, '')}@example.com`,
        pushTokens: [],
        consents: { topics: {} },
        attributes: {},
      })),
      until: new Date('2026-11-05T00:00:00Z'),
    });
    folder = await mkdtemp(join(tmpdir(), 'parcours-backtests-'));
    await writeFile(join(folder, 'carts.json'), JSON.stringify(report));
    await writeFile(join(folder, 'broken.json'), JSON.stringify({ ...report, journeys: 'none' }));
    const { scenarios } = await buildProject(EXAMPLES_DIR);
    site = {
      live: reportConsoleSource(report, { title: 'live', scenarios }),
      backtests: backtestShelf(folder, () => scenarios),
    };
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('leads from / to the console, and from a search to the stable URL of the customer', async () => {
    expect(await get('/')).toMatchObject({ status: 303, location: '/console/' });
    expect(await get('/console/customers?id=%20ben%20')).toMatchObject({
      status: 303,
      location: '/console/customers/ben',
    });
    expect(await consoleAnswer(site, new URL('http://127.0.0.1/outbox'))).toBeUndefined();
  });

  it('serves a customer whose id is dots only at the query address its links lead to', async () => {
    for (const id of ['.', '..']) {
      // Act: what the search form asks, then the link a page writes, as the browser resolves it.
      const searched = await get(`/console/customers?id=${id}`);
      const linked = await get(link('/console', 'customers', id));

      // Assess
      expect(searched.status).toBe(200);
      expect(searched.text).toContain(`<h1>Customer ${id}</h1>`);
      expect(linked.text).toContain(`<h1>Customer ${id}</h1>`);
    }
  });

  it('lists a rejected event whose customer id holds a lone surrogate, as text, beside the others', async () => {
    // Prepare: ingest refuses such an id and keeps the event as rejected, with it.
    const rejected = (profileId: string, eventId: string) => ({
      eventId,
      profileId,
      reason: 'detail.profileId: not well-formed UTF-16',
      receivedAt: '2026-11-02T00:00:00.000Z',
      truncated: false,
      raw: {},
    });
    const live = {
      ...site.live,
      rejected: async () => ({
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-02T00:00:00.000Z',
        events: [rejected('bob\uD800', 'e-1'), rejected('ana', 'e-2')],
      }),
    };

    // Act
    const answer = await consoleAnswer({ live }, new URL('http://127.0.0.1/console/rejected'));

    // Assess
    expect(answer?.status).toBe(200);
    const text = answer?.body.toString() ?? '';
    expect(text).toContain('<td>bob\\uD800</td>');
    expect(text).toContain('<a href="/console/customers/ana">ana</a>');
  });

  it('shows each journey of a customer with its emails, each opening its text', async () => {
    // Act
    const customer = await get('/console/customers/ana');

    // Assess
    expect(customer.status).toBe(200);
    expect(customer.text).toContain('✓ sent email cart-email to a***@e***.com');
    const link = /href="(\/console\/messages\/m\d+)"/.exec(customer.text)?.[1];
    expect(link).toBeDefined();
    const message = await get(link ?? '');
    expect(message.text).toContain('<pre class="body">');
    expect(message.text).toContain('a***@e***.com');
    expect((await get(`${link ?? ''}?reveal=true`)).text).toContain('ana@example.com');
    expect((await get('/console/messages/m99999')).status).toBe(404);
  });

  it('escapes an id that holds markup', async () => {
    const page = await get('/console/customers/%3Cb%3Ebold%3C%2Fb%3E');
    expect(page.text).toContain('Customer &lt;b&gt;bold&lt;/b&gt;');
    expect(page.text).not.toContain('<b>bold</b>');
  });

  it('says which scenarios exist when asked for one that does not', async () => {
    const page = await get('/console/scenarios/abandoned-kart');
    expect(page.status).toBe(404);
    expect(page.text).toContain('There is no scenario &quot;abandoned-kart&quot;. Known: abandoned-cart,');
  });

  it('counts the journeys of the report on each state', async () => {
    // Act
    const page = await get('/console/scenarios/abandoned-cart');

    // Assess
    const total = report.totals.find((row) => row.scenario === 'abandoned-cart');
    const entered = total?.states['Wait 1 hour']?.entered;
    expect(entered).toBe(3);
    expect(page.text).toMatch(
      /data-state="Wait 1 hour">\s*<td>Wait 1 hour<\/td>\s*<td class="number waiting">0<\/td>\s*<td class="number entered">3<\/td>/,
    );
  });

  it('lists who is in a scenario on a version, and nobody on a version it did not run', async () => {
    // Prepare
    const version = /journeys\?version=([0-9a-f]+)/.exec(
      (await get('/console/scenarios/abandoned-cart')).text,
    )?.[1];
    expect(version).toBeDefined();

    // Act
    const listed = await get(`/console/scenarios/abandoned-cart/journeys?version=${version ?? ''}`);
    const none = await get('/console/scenarios/abandoned-cart/journeys?version=0000');

    // Assess
    expect(listed.text.match(/href="\/console\/customers\/[^"]+"/g)?.length).toBe(3);
    expect(none.text).toContain('No journey.');
    expect((await get('/console/scenarios/abandoned-cart/steps')).status).toBe(404);
  });

  it('opens a saved backtest by name, and refuses a name that is a path or a file that is not a report', async () => {
    expect((await get('/console/backtests/')).text).toContain('>carts</a>');
    const opened = (await get('/console/backtests/carts/scenarios')).text;
    expect(opened).toContain('backtest carts');
    expect(opened).not.toContain('live ·');
    const traversal = await get('/console/backtests/..%2F..%2Fetc%2Fpasswd/');
    expect(traversal.status).toBe(404);
    expect(traversal.text).toContain('is not a backtest');
    const broken = await get('/console/backtests/broken/');
    expect(broken.status).toBe(404);
    expect(broken.text).toContain('journeys: Invalid input: expected array');
  });

  it('serves its script built from TypeScript and the packaged libraries, and nothing else', async () => {
    const script = await get('/console/assets/console.js');
    expect(script).toMatchObject({ status: 200, type: 'text/javascript', cache: true });
    expect(script.text).toContain('drawn="true"');
    expect((await get('/console/assets/uPlot.iife.min.js')).text).toContain('uPlot');
    expect((await get('/console/assets/package.json')).status).toBe(404);
  });
});
