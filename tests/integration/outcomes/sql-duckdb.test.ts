import { appendFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { figuresOfFolder } from '../../../local/outcomes/fact-outcomes.ts';
import { FACTS_FOLDER, fileSink } from '../../../local/outcomes/file-sink.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import type { FactGroup, OutcomeFact } from '../../../shared/outcomes/outcome-fact.ts';
import { SINCE_THE_START } from '../../../shared/outcomes/report-queries.ts';

const SINCE = '2026-03-02T00:00:00.000Z';
const WINDOW = { since: SINCE, currency: 'EUR' } as const;

type Journey = {
  readonly execution: string;
  readonly scenario: string;
  readonly program: string;
  readonly grp: FactGroup;
  readonly enteredAt: string;
};

const cart = (execution: string, grp: FactGroup, enteredAt: string): Journey => ({
  execution,
  scenario: 'cart',
  program: 'conversion',
  grp,
  enteredAt,
});

const OLD = cart('old-1', 'treatment', '2026-03-01T09:00:00.000Z');
const T1 = cart('t1', 'treatment', '2026-03-02T08:00:00.000Z');
const T2 = cart('t2', 'treatment', '2026-03-02T08:10:00.000Z');
const T3 = cart('t3', 'treatment', '2026-03-02T08:20:00.000Z');
const T4 = cart('t4', 'treatment', '2026-03-02T08:30:00.000Z');
const H1 = cart('h1', 'holdout', '2026-03-02T09:00:00.000Z');
const H2 = cart('h2', 'holdout', '2026-03-02T09:10:00.000Z');
const G1 = cart('g1', 'global-control', '2026-03-02T09:20:00.000Z');
const W1: Journey = {
  execution: 'w1',
  scenario: 'welcome',
  program: 'activation',
  grp: 'treatment',
  enteredAt: '2026-03-02T10:00:00.000Z',
};

const later = (time: string, minutes: number): string =>
  new Date(Date.parse(time) + minutes * 60_000).toISOString();

function entry(journey: Journey): OutcomeFact {
  return {
    id: `entry:${journey.execution}`,
    kind: 'entry',
    occurred_at: journey.enteredAt,
    profile_id: `profile-${journey.execution}`,
    scenario: journey.scenario,
    program: journey.program,
    execution: journey.execution,
    grp: journey.grp,
  };
}

function variant(journey: Journey, chosen: string): OutcomeFact {
  return {
    ...entry(journey),
    id: `variant:${journey.execution}:subject`,
    kind: 'variant',
    step: 'subject',
    variant: chosen,
  };
}

function message(
  journey: Journey,
  step: string,
  outcome: string,
  extra: { reason?: string; message_id?: string } = {},
): OutcomeFact {
  return {
    id: `message:${journey.execution}:${step}`,
    kind: 'message',
    occurred_at: later(journey.enteredAt, 60),
    profile_id: `profile-${journey.execution}`,
    scenario: journey.scenario,
    execution: journey.execution,
    step,
    channel: 'email',
    outcome,
    ...extra,
  };
}

function delivery(
  journey: Journey,
  step: string,
  eventId: string,
  messageId: string,
  outcome: string,
): OutcomeFact {
  return {
    id: `delivery:${eventId}`,
    kind: 'delivery',
    occurred_at: later(journey.enteredAt, 90),
    profile_id: `profile-${journey.execution}`,
    scenario: journey.scenario,
    step,
    channel: 'email',
    outcome,
    message_id: messageId,
    event_id: eventId,
  };
}

function conversion(
  journey: Journey,
  revenue: { value: number; currency: string } | undefined,
  touch: string | undefined,
  minutesAfter = 120,
): OutcomeFact {
  return {
    id: `conversion:${journey.execution}`,
    kind: 'conversion',
    occurred_at: later(journey.enteredAt, minutesAfter),
    profile_id: `profile-${journey.execution}`,
    scenario: journey.scenario,
    program: journey.program,
    execution: journey.execution,
    grp: journey.grp,
    ...(touch === undefined ? {} : { step: touch, channel: 'email' as const }),
    event_id: `order-${journey.execution}`,
    ...(revenue ?? {}),
  };
}

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parcours-facts-test-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * Two days of facts. Day one: a journey entered before the window, with its message. Day two:
 * the window's journeys, the old journey's late delivery, exact duplicates of several facts, and
 * a retried writer's copies of a message and a conversion with a later `occurred_at`.
 */
async function writeFacts(): Promise<{ dayOne: number; dayTwo: number }> {
  const clock = new ManualClock('2026-03-01T12:00:00.000Z');
  const sink = fileSink(dataDir, clock);
  const dayOne = [
    entry(OLD),
    variant(OLD, 'reminder'),
    message(OLD, 'cart-email', 'sent', { message_id: 'msg-old' }),
  ];
  await sink.append(dayOne);

  clock.set('2026-03-02T12:00:00.000Z');
  const window = [
    delivery(OLD, 'cart-email', 'ev-old-delivered', 'msg-old', 'delivered'),
    entry(T1),
    variant(T1, 'reminder'),
    message(T1, 'cart-email', 'sent', { message_id: 'msg-1' }),
    delivery(T1, 'cart-email', 'ev-1-delivered', 'msg-1', 'delivered'),
    delivery(T1, 'cart-email', 'ev-1-opened-a', 'msg-1', 'opened'),
    delivery(T1, 'cart-email', 'ev-1-opened-b', 'msg-1', 'opened'),
    delivery(T1, 'cart-email', 'ev-1-clicked', 'msg-1', 'clicked'),
    conversion(T1, { value: 20, currency: 'EUR' }, 'cart-email'),
    entry(T2),
    variant(T2, 'discount'),
    message(T2, 'cart-email', 'skipped', { reason: 'capped' }),
    entry(T3),
    variant(T3, 'discount'),
    message(T3, 'cart-email', 'sent', { message_id: 'msg-3' }),
    delivery(T3, 'cart-email', 'ev-3-delivered', 'msg-3', 'delivered'),
    conversion(T3, { value: 30, currency: 'USD' }, 'cart-email'),
    entry(T4),
    variant(T4, 'reminder'),
    message(T4, 'cart-email', 'failed'),
    conversion(T4, { value: 10, currency: 'EUR' }, undefined),
    entry(H1),
    variant(H1, 'reminder'),
    conversion(H1, { value: 15, currency: 'EUR' }, undefined),
    entry(H2),
    variant(H2, 'discount'),
    entry(G1),
    conversion(G1, { value: 5, currency: 'EUR' }, undefined),
    entry(W1),
    message(W1, 'welcome-email', 'sent', { message_id: 'msg-w1' }),
    delivery(W1, 'welcome-email', 'ev-w1-bounced', 'msg-w1', 'bounced'),
  ];
  await sink.append(window);

  // At least once: the same facts again, exactly, and a retried writer's later copies.
  clock.set('2026-03-02T18:00:00.000Z');
  const again = [
    entry(T1),
    variant(T1, 'reminder'),
    conversion(T1, { value: 20, currency: 'EUR' }, 'cart-email'),
    delivery(T1, 'cart-email', 'ev-1-opened-b', 'msg-1', 'opened'),
    message(T2, 'cart-email', 'skipped', { reason: 'capped' }),
    entry(H1),
    conversion(H1, { value: 15, currency: 'EUR' }, undefined),
    { ...message(T3, 'cart-email', 'sent', { message_id: 'msg-3' }), occurred_at: later(T3.enteredAt, 75) },
    conversion(T3, { value: 30, currency: 'USD' }, 'cart-email', 180),
    conversion(G1, { value: 5, currency: 'EUR' }, undefined, 240),
  ];
  await sink.append(again);
  return { dayOne: dayOne.length, dayTwo: window.length + again.length };
}

const outcomesFolder = (): string => join(dataDir, FACTS_FOLDER);

describe('the report SQL on DuckDB, over JSON-lines facts', () => {
  it('writes the facts into one folder per day', async () => {
    // Act
    const written = await writeFacts();

    // Assess
    expect((await readdir(outcomesFolder())).sort()).toEqual(['dt=2026-03-01', 'dt=2026-03-02']);
    const lines = async (day: string) =>
      (await readFile(join(outcomesFolder(), day, 'facts.jsonl'), 'utf8')).trim().split('\n');
    expect(await lines('dt=2026-03-01')).toHaveLength(written.dayOne);
    expect(await lines('dt=2026-03-02')).toHaveLength(written.dayTwo);
  });

  it('counts each journey once per group, with revenue only in the report currency', async () => {
    // Prepare
    await writeFacts();

    // Act
    const { groups } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    expect(groups).toEqual([
      {
        scenario: 'cart',
        program: 'conversion',
        grp: 'global-control',
        entered: 1,
        converted: 1,
        revenue: 5,
        revenue_squares: 25,
        other_currency: 0,
      },
      {
        scenario: 'cart',
        program: 'conversion',
        grp: 'holdout',
        entered: 2,
        converted: 1,
        revenue: 15,
        revenue_squares: 225,
        other_currency: 0,
      },
      {
        scenario: 'cart',
        program: 'conversion',
        grp: 'treatment',
        entered: 4,
        converted: 3,
        revenue: 30,
        revenue_squares: 500,
        other_currency: 1,
      },
      {
        scenario: 'welcome',
        program: 'activation',
        grp: 'treatment',
        entered: 1,
        converted: 0,
        revenue: 0,
        revenue_squares: 0,
        other_currency: 0,
      },
    ]);
  });

  it('counts the variants of treatment journeys only', async () => {
    // Prepare
    await writeFacts();

    // Act
    const { variants } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    expect(variants).toEqual([
      {
        scenario: 'cart',
        step: 'subject',
        variant: 'discount',
        entered: 2,
        converted: 1,
        revenue: 0,
        revenue_squares: 0,
      },
      {
        scenario: 'cart',
        step: 'subject',
        variant: 'reminder',
        entered: 2,
        converted: 2,
        revenue: 30,
        revenue_squares: 500,
      },
    ]);
  });

  it('sums the programs over their scenarios, per group', async () => {
    // Prepare
    await writeFacts();

    // Act
    const { programs } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    expect(programs).toEqual([
      { program: 'activation', grp: 'treatment', entered: 1, converted: 0, revenue: 0, revenue_squares: 0 },
      {
        program: 'conversion',
        grp: 'global-control',
        entered: 1,
        converted: 1,
        revenue: 5,
        revenue_squares: 25,
      },
      { program: 'conversion', grp: 'holdout', entered: 2, converted: 1, revenue: 15, revenue_squares: 225 },
      {
        program: 'conversion',
        grp: 'treatment',
        entered: 4,
        converted: 3,
        revenue: 30,
        revenue_squares: 500,
      },
    ]);
  });

  it('counts the step outcomes with their reasons, each message once', async () => {
    // Prepare
    await writeFacts();

    // Act
    const { steps } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    expect(steps).toEqual([
      { scenario: 'cart', step: 'cart-email', channel: 'email', outcome: 'failed', reason: '', messages: 1 },
      { scenario: 'cart', step: 'cart-email', channel: 'email', outcome: 'sent', reason: '', messages: 2 },
      {
        scenario: 'cart',
        step: 'cart-email',
        channel: 'email',
        outcome: 'skipped',
        reason: 'capped',
        messages: 1,
      },
      {
        scenario: 'welcome',
        step: 'welcome-email',
        channel: 'email',
        outcome: 'sent',
        reason: '',
        messages: 1,
      },
    ]);
  });

  it('counts each message once per delivery outcome, only for journeys in the window', async () => {
    // Prepare
    await writeFacts();

    // Act
    const { deliveries } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess: msg-1 opened twice counts once; msg-old belongs to a journey entered before `since`.
    expect(deliveries).toEqual([
      { scenario: 'cart', step: 'cart-email', measure: 'clicked', total: 1, revenue: 0 },
      { scenario: 'cart', step: 'cart-email', measure: 'converted', total: 2, revenue: 20 },
      { scenario: 'cart', step: 'cart-email', measure: 'delivered', total: 2, revenue: 0 },
      { scenario: 'cart', step: 'cart-email', measure: 'opened', total: 1, revenue: 0 },
      { scenario: 'welcome', step: 'welcome-email', measure: 'bounced', total: 1, revenue: 0 },
    ]);
  });

  it('takes in the journeys entered since an earlier moment, and none after the last entry', async () => {
    // Prepare
    await writeFacts();

    // Act
    const wider = await figuresOfFolder(outcomesFolder(), { ...WINDOW, since: '2026-03-01T00:00:00.000Z' });
    const none = await figuresOfFolder(outcomesFolder(), { ...WINDOW, since: '2026-03-03T00:00:00.000Z' });

    // Assess
    expect(wider.groups.find((row) => row.scenario === 'cart' && row.grp === 'treatment')).toMatchObject({
      entered: 5,
      converted: 3,
    });
    expect(
      wider.deliveries.find((row) => row.step === 'cart-email' && row.measure === 'delivered')?.total,
    ).toBe(3);
    expect(wider.steps.find((row) => row.step === 'cart-email' && row.outcome === 'sent')?.messages).toBe(3);
    expect(none).toEqual({ groups: [], variants: [], programs: [], steps: [], deliveries: [] });
  });

  it('counts revenue in whichever currency the report asks for', async () => {
    // Prepare
    await writeFacts();

    // Act
    const { groups } = await figuresOfFolder(outcomesFolder(), { ...WINDOW, currency: 'USD' });

    // Assess
    expect(groups.find((row) => row.scenario === 'cart' && row.grp === 'treatment')).toMatchObject({
      revenue: 30,
      revenue_squares: 900,
      other_currency: 2,
    });
  });

  it("counts an order's value once when it converts several journeys of a scenario, and once in their program", async () => {
    // Prepare: one customer's three carts, then the welcome journey of the same program and
    // group, all converted by one order of 100.
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const sink = fileSink(dataDir, clock);
    const carts = [T1, T2, T3];
    const welcome: Journey = { ...W1, program: 'conversion' };
    const ofAnn = (fact: OutcomeFact): OutcomeFact => ({ ...fact, profile_id: 'ann' });
    const byTheOrder = (journey: Journey): OutcomeFact =>
      ofAnn({
        ...conversion(journey, { value: 100, currency: 'EUR' }, 'cart-email', 600),
        event_id: 'order-1',
      });
    await sink.append([...carts, welcome].map((journey) => ofAnn(entry(journey))));
    await sink.append([...carts, welcome].map(byTheOrder));

    // Act
    const figures = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    expect(
      figures.groups.map(({ scenario, entered, converted, revenue }) => ({
        scenario,
        entered,
        converted,
        revenue,
      })),
    ).toEqual([
      { scenario: 'cart', entered: 3, converted: 3, revenue: 100 },
      { scenario: 'welcome', entered: 1, converted: 1, revenue: 100 },
    ]);
    expect(figures.programs).toEqual([
      {
        program: 'conversion',
        grp: 'treatment',
        entered: 4,
        converted: 4,
        revenue: 100,
        revenue_squares: 10_000,
      },
    ]);
    const touched = figures.deliveries.filter((row) => row.measure === 'converted');
    expect(touched.map(({ scenario, total, revenue }) => ({ scenario, total, revenue }))).toEqual([
      { scenario: 'cart', total: 3, revenue: 100 },
      { scenario: 'welcome', total: 1, revenue: 100 },
    ]);
  });

  it("gives an order's value to a journey its goal valued and a message touched, before the one entered last", async () => {
    // Prepare: cart t1, touched by its email; cart t3, entered later and sent nothing yet; the
    // welcome journey of the same program, entered last, whose goal reads no value.
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const sink = fileSink(dataDir, clock);
    const welcome: Journey = { ...W1, program: 'conversion' };
    const ofAnn = (fact: OutcomeFact): OutcomeFact => ({ ...fact, profile_id: 'ann', event_id: 'order-1' });
    await sink.append([T1, T3, welcome].map((journey) => ofAnn(entry(journey))));
    await sink.append([
      ofAnn(conversion(T1, { value: 100, currency: 'EUR' }, 'cart-email', 600)),
      ofAnn(conversion(T3, { value: 100, currency: 'EUR' }, undefined, 600)),
      ofAnn(conversion(welcome, undefined, undefined, 600)),
    ]);

    // Act
    const figures = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    const touched = figures.deliveries.filter((row) => row.measure === 'converted');
    expect(touched).toEqual([
      { scenario: 'cart', step: 'cart-email', measure: 'converted', total: 1, revenue: 100 },
    ]);
    expect(figures.programs).toMatchObject([{ program: 'conversion', converted: 3, revenue: 100 }]);
    expect(figures.groups).toMatchObject([
      { scenario: 'cart', converted: 2, revenue: 100 },
      { scenario: 'welcome', converted: 1, revenue: 0 },
    ]);
  });

  it("counts an order's value in a report's window when a journey entered before it was touched", async () => {
    // Prepare: OLD entered before the window and got its email; T1, inside it, got nothing yet.
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const sink = fileSink(dataDir, clock);
    const ofAnn = (fact: OutcomeFact): OutcomeFact => ({ ...fact, profile_id: 'ann', event_id: 'order-1' });
    await sink.append([OLD, T1].map((journey) => ofAnn(entry(journey))));
    await sink.append([
      ofAnn(conversion(OLD, { value: 100, currency: 'EUR' }, 'cart-email', 2_000)),
      ofAnn(conversion(T1, { value: 100, currency: 'EUR' }, undefined, 600)),
    ]);

    // Act
    const windowed = await figuresOfFolder(outcomesFolder(), WINDOW);
    const whole = await figuresOfFolder(outcomesFolder(), { ...WINDOW, since: SINCE_THE_START });

    // Assess
    expect(windowed.groups).toMatchObject([{ scenario: 'cart', entered: 1, converted: 1, revenue: 100 }]);
    expect(windowed.programs).toMatchObject([{ program: 'conversion', revenue: 100 }]);
    expect(whole.groups).toMatchObject([{ scenario: 'cart', entered: 2, converted: 2, revenue: 100 }]);
    expect(whole.deliveries).toMatchObject([
      { step: 'cart-email', measure: 'converted', total: 1, revenue: 100 },
    ]);
  });

  it("counts a program's order in the currency its event names, and once when a conversion names another program", async () => {
    // Prepare: ann's order of 110 USD converts cart, whose goal reads no currency and so took the
    // report's (110 EUR), and welcome (110 USD, read from the event, entered last); bob's converts
    // cart and a journey whose conversion names the program "unknown" (its version was retired),
    // both entered in the program conversion.
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const sink = fileSink(dataDir, clock);
    const welcome: Journey = { ...W1, program: 'conversion' };
    const retired: Journey = { ...T4, scenario: 'old-cart' };
    const of =
      (profile: string) =>
      (fact: OutcomeFact): OutcomeFact => ({ ...fact, profile_id: profile, event_id: `order-${profile}` });
    await sink.append([
      ...[T1, welcome].map((j) => of('ann')(entry(j))),
      ...[T3, retired].map((j) => of('bob')(entry(j))),
    ]);
    await sink.append([
      of('ann')(conversion(T1, { value: 110, currency: 'EUR' }, undefined, 600)),
      of('ann')(conversion(welcome, { value: 110, currency: 'USD' }, undefined, 600)),
      of('bob')(conversion(T3, { value: 50, currency: 'EUR' }, undefined, 600)),
      of('bob')({
        ...conversion(retired, { value: 50, currency: 'EUR' }, undefined, 600),
        program: 'unknown',
      }),
    ]);

    // Act
    const { programs } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess: ann's order converted, its value left apart (only a goal that read the event's
    // currency can name another than the report's); 50 from bob's
    expect(programs).toEqual([
      {
        program: 'conversion',
        grp: 'treatment',
        entered: 4,
        converted: 4,
        revenue: 50,
        revenue_squares: 2_500,
      },
    ]);
  });

  it("leaves apart an order one version's goal valued in the currency it names and another in the one it assumed", async () => {
    // Prepare: ann's two carts of the scenario cart, one entered under a version whose goal read no
    // currency (the order of 70 USD became 70 EUR), the other, entered later, under one that reads
    // it (70 USD). The EUR one is also the one a message touched, which would otherwise take the
    // value.
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const sink = fileSink(dataDir, clock);
    const ofAnn = (fact: OutcomeFact): OutcomeFact => ({ ...fact, profile_id: 'ann', event_id: 'order-1' });
    await sink.append([T1, T2].map((journey) => ofAnn(entry(journey))));
    await sink.append([
      ofAnn(conversion(T1, { value: 70, currency: 'EUR' }, 'cart-email', 600)),
      ofAnn(conversion(T2, { value: 70, currency: 'USD' }, undefined, 600)),
    ]);

    // Act
    const { groups, programs, deliveries } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess: both converted, no 70 EUR anywhere, one conversion in another currency
    expect(groups).toMatchObject([
      { scenario: 'cart', entered: 2, converted: 2, revenue: 0, revenue_squares: 0, other_currency: 1 },
    ]);
    expect(programs).toMatchObject([{ program: 'conversion', converted: 2, revenue: 0 }]);
    expect(deliveries).toEqual([
      { scenario: 'cart', step: 'cart-email', measure: 'converted', total: 1, revenue: 0 },
    ]);
  });

  it('counts the same order id of two customers as two orders', async () => {
    // Prepare: ids an app chose, the same for two customers' orders
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    const sink = fileSink(dataDir, clock);
    await sink.append([entry(T1), entry(T2)]);
    await sink.append(
      [T1, T2].map((journey) => ({
        ...conversion(journey, { value: 30, currency: 'EUR' }, undefined),
        event_id: 'o-1',
      })),
    );

    // Act
    const { groups } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    expect(groups).toMatchObject([{ scenario: 'cart', entered: 2, converted: 2, revenue: 60 }]);
  });

  it('drops a line a crash cut short, wherever it was cut, and counts every fact written before and after it', async () => {
    const cut = JSON.stringify(conversion(T1, { value: 20, currency: 'EUR' }, undefined));
    // Halfway, and just after a key's colon: DuckDB read the line after such a cut as the key's value.
    const cuts = [Math.floor(cut.length / 2), cut.indexOf(':') + 1, cut.indexOf('"kind":') + 7];
    for (const at of cuts) {
      // Prepare: an append torn in the middle of a fact by a crash, then, once the platform
      // started again, the retried step's batch.
      await rm(outcomesFolder(), { recursive: true, force: true });
      const clock = new ManualClock('2026-03-02T12:00:00.000Z');
      await fileSink(dataDir, clock).append([entry(T1), entry(T2)]);
      const file = join(outcomesFolder(), 'dt=2026-03-02', 'facts.jsonl');
      await appendFile(file, cut.slice(0, at));
      await fileSink(dataDir, clock).append([conversion(T1, { value: 20, currency: 'EUR' }, undefined)]);

      // Act
      const { groups } = await figuresOfFolder(outcomesFolder(), WINDOW);

      // Assess
      expect(groups).toEqual([
        {
          scenario: 'cart',
          program: 'conversion',
          grp: 'treatment',
          entered: 2,
          converted: 1,
          revenue: 20,
          revenue_squares: 400,
          other_currency: 0,
        },
      ]);
      expect((await readFile(file, 'utf8')).split('\n')).toEqual([
        JSON.stringify(entry(T1)),
        JSON.stringify(entry(T2)),
        cut,
        '',
      ]);
    }
  });

  it('skips a line cut short at the end of a file no append followed', async () => {
    // Prepare
    const clock = new ManualClock('2026-03-02T12:00:00.000Z');
    await fileSink(dataDir, clock).append([entry(T1)]);
    const cut = JSON.stringify(entry(T2));
    await appendFile(
      join(outcomesFolder(), 'dt=2026-03-02', 'facts.jsonl'),
      cut.slice(0, cut.indexOf(':') + 1),
    );

    // Act
    const { groups } = await figuresOfFolder(outcomesFolder(), WINDOW);

    // Assess
    expect(groups).toMatchObject([{ scenario: 'cart', entered: 1 }]);
  });

  it('gives empty figures for a folder without facts, or no folder at all', async () => {
    // Prepare
    await mkdir(join(outcomesFolder(), 'dt=2026-03-01'), { recursive: true });

    // Act
    const empty = await figuresOfFolder(outcomesFolder(), WINDOW);
    const missing = await figuresOfFolder(join(dataDir, 'nowhere'), WINDOW);

    // Assess
    const nothing = { groups: [], variants: [], programs: [], steps: [], deliveries: [] };
    expect(empty).toEqual(nothing);
    expect(missing).toEqual(nothing);
  });
});
