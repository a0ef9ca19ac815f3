import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startPlatform } from '../../../local/platform/local-platform.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { ScaledTime } from '../../../local/runtime/time.ts';
import { simulate } from '../../../local/simulate/simulate.ts';
import { EventEnvelope } from '../../../shared/events/envelope.ts';
import { ledgerOf } from '../../../shared/ledger/ledger-store.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { updateProfile } from '../../../shared/profiles/store.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { useProjectFixtures } from '../../helpers/project-fixture.ts';
import { threadCount } from '../../helpers/threads.ts';

const FIXTURES = new URL('../../events/', import.meta.url);

async function jsonLines<T>(file: string, parse: (value: unknown) => T): Promise<T[]> {
  const text = await readFile(new URL(file, FIXTURES), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parse(JSON.parse(line)));
}

const profiles = await jsonLines('profiles.jsonl', (value) => Profile.parse(value));
const week = await jsonLines('week.jsonl', (value) => EventEnvelope.parse(value));
/** The abandoned-cart part of the week: three carts and one order, over two days of journey time. */
const carts = week.filter(
  (event) =>
    ['cart.updated', 'order.placed'].includes(event['detail-type']) && event.time.startsWith('2026-11-16'),
);

const { copyExamples } = useProjectFixtures();

describe('parcours simulate', () => {
  it('replays a week in virtual time, and two runs give identical reports', async () => {
    // Act
    const first = await simulate({
      projectDir: EXAMPLES_DIR,
      events: week,
      profiles,
      until: new Date('2026-11-30T00:00:00Z'),
    });
    const second = await simulate({
      projectDir: EXAMPLES_DIR,
      events: week,
      profiles,
      until: new Date('2026-11-30T00:00:00Z'),
    });
    // Assess
    expect(second).toEqual(first);
    expect(
      first.messages.find((message) => message.profileId === 'jane' && message.channel === 'sms')?.time,
    ).toBe(
      '2026-11-17T10:00:00.000Z', // the cart at 09:00, the email an hour later, the SMS a day after that
    );
    expect(first.skips).toContainEqual(expect.objectContaining({ profileId: 'joe', reason: 'unsubscribed' }));
    expect(first.skips).toContainEqual(expect.objectContaining({ profileId: 'ann', reason: 'converted' }));
    expect(first.executions.filter((execution) => execution.status === 'failed')).toEqual([]);
    expect(first.cost.transitions).toBe(
      first.executions.reduce((sum, execution) => sum + execution.transitions, 0),
    );
  });

  it('lists the events ingest rejected, with the reason, the event and the customer', async () => {
    // Prepare: the carts, a segment transition an app forged, and a detail DynamoDB cannot store.
    const [first] = carts;
    if (first === undefined) throw new Error('the week has no cart');
    const forged = {
      ...first,
      id: 'forged-vip',
      source: 'parcours.segments',
      'detail-type': 'segment.entered',
    };
    const unstorable = EventEnvelope.parse({
      ...first,
      id: 'car-maker',
      time: '2026-11-16T09:30:00Z',
      detail: JSON.parse(`{"profileId":"${first.detail.profileId}","car":{"":"Renault"}}`),
    });

    // Act
    const report = await simulate({
      projectDir: EXAMPLES_DIR,
      events: [...carts, forged, unstorable],
      profiles,
      until: new Date('2026-11-18T00:00:00Z'),
    });

    // Assess: in replay order, each naming its field; the carts still ran.
    expect(report.rejected).toEqual([
      expect.objectContaining({
        time: new Date(first.time).toISOString(),
        eventId: 'forged-vip',
        profileId: first.detail.profileId,
        source: 'parcours.segments',
        reason: expect.stringMatching(/^source: /),
      }),
      expect.objectContaining({
        time: '2026-11-16T09:30:00.000Z',
        eventId: 'car-maker',
        reason: expect.stringMatching(/^detail\.car: a key is empty/),
      }),
    ]);
    expect(report.messages.length).toBeGreaterThan(0);
  });

  it('refuses to replay more than ten years, naming the time at fault and where both events are, unless --until stops it sooner', async () => {
    // Prepare: one event dated 9999 by mistake among the carts.
    const [first] = carts;
    if (first === undefined) throw new Error('the week has no cart');
    const typo = { ...first, id: 'typo', time: '9999-12-31T23:59:59Z' };

    // Act
    const refused = await simulate({ projectDir: EXAMPLES_DIR, events: [...carts, typo], profiles }).catch(
      (error: unknown) => error,
    );
    const stopped = await simulate({
      projectDir: EXAMPLES_DIR,
      events: [...carts, typo],
      profiles,
      until: new Date('2026-11-18T00:00:00Z'),
    });

    // Assess
    expect(refused).toBeInstanceOf(Error);
    expect(String(refused instanceof Error ? refused.message : refused)).toMatch(
      new RegExp(
        `^events\\[${carts.length}\\]: time: the last event's time, 9999-12-31T23:59:59\\.000Z, is 7,972 years after the first event's \\(.*, events\\[\\d+\\]\\); .*at most 10 years`,
      ),
    );
    expect(stopped.messages.length).toBeGreaterThan(0);
  });

  it('gives the same report, byte for byte, on the in-memory store and on dynalite', async () => {
    // Act
    const options = {
      projectDir: EXAMPLES_DIR,
      events: week,
      profiles,
      until: new Date('2026-11-30T00:00:00Z'),
    };
    const onMemory = await simulate({ ...options, store: 'memory' });
    const onDynalite = await simulate({ ...options, store: 'dynalite' });

    // Assess
    expect(onMemory.messages.length).toBeGreaterThan(0);
    expect(JSON.stringify(onMemory)).toBe(JSON.stringify(onDynalite));
    // A week on dynalite takes about 18 s on an idle machine of 2 cores, and twice that under load.
  }, 90_000);

  // On dynalite, the workers' bundle loads the DynamoDB client as a chunk of its own.
  it.each([
    { store: 'memory', events: week, until: '2026-11-30T00:00:00Z' },
    { store: 'dynalite', events: carts, until: '2026-11-18T00:00:00Z' },
  ] as const)(
    'gives the same report, byte for byte, on worker threads as in one thread, on $store',
    async ({ store, events, until }) => {
      // Act
      const options = { projectDir: EXAMPLES_DIR, events, profiles, until: new Date(until) };
      const [oneThread, twoWorkers] = await Promise.all([
        simulate({ ...options, workers: 1 }),
        simulate({ ...options, workers: 2, store }),
      ]);

      // Assess
      expect(new Set(twoWorkers.executions.map((execution) => execution.profileId)).size).toBeGreaterThan(2);
      expect(twoWorkers.messages.length).toBeGreaterThan(0);
      expect(JSON.stringify(twoWorkers)).toBe(JSON.stringify(oneThread));
    },
  );

  it('refuses a project with problems, and stops the workers it started while the project built', async () => {
    // Prepare: workers start as soon as the input's size is known, before the project is built.
    const broken = await copyExamples();
    await broken.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');
    // Once, so the threads Node starts on first use (file system, V8) run before the count.
    await simulate({ projectDir: EXAMPLES_DIR, events: carts, profiles, workers: 2 });
    const before = threadCount();

    // Act
    const refused = simulate({ projectDir: broken.dir, events: week, profiles, workers: 2 });

    // Assess: a second later, as many threads as before (a worker left running would have
    // loaded by then, its bundle built in a fraction of a second).
    await expect(refused).rejects.toThrow(/cart-remindr/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(threadCount()).toBeLessThanOrEqual(before);
  });

  it('gives what a real-time run of the same events gives, at a high speed-up', async () => {
    // Prepare: the same carts run on the platform in scaled real time (3,600×: an hour a second),
    // until an hour after the last cart's email is due (11:00), long before the next step (the
    // SMS, a day later): a loaded machine may take a few hundred milliseconds, many journey
    // minutes at this speed-up, to start a journey. Timing is compared to the hour, the precision
    // a real-time run at this speed-up can promise.
    const until = new Date('2026-11-16T12:00:00Z');
    const simulated = await simulate({ projectDir: EXAMPLES_DIR, events: carts, profiles, until });
    const start = new Date(carts[0]?.time ?? 0);
    const time = new ScaledTime(3_600, start);
    const platform = await startPlatform({ project: await buildProject(EXAMPLES_DIR), time, busPort: 0 });
    try {
      for (const profile of profiles)
        await updateProfile(platform.store, profile.profileId, () => profile, time.now());
      // Act
      time.resetTo(start);
      for (const event of carts) {
        await time.sleepUntil(new Date(event.time));
        await platform.bus.publish(event);
      }
      await time.sleepUntil(until);
      await platform.activity.quiescent();
      // Assess: the same messages to the same people from the same steps, at the same hours
      const realTime = (await platform.outbox.list()).map((entry) => ({
        profileId: entry.profileId,
        step: entry.step,
        channel: entry.channel,
        hour: new Date(Math.round(Date.parse(entry.at) / 3_600_000) * 3_600_000).toISOString(),
      }));
      const expected = simulated.messages.map((message) => ({
        profileId: message.profileId,
        step: message.step,
        channel: message.channel,
        hour: message.time,
      }));
      expect(sortByKey(realTime)).toEqual(sortByKey(expected));
      expect(expected.length).toBeGreaterThan(0);
      // … and the same skips, for the same reasons
      const realSkips = (await Promise.all(['jane', 'joe', 'ann'].map((id) => ledgerOf(platform.store, id))))
        .flat()
        .filter((entry) => entry.outcome === 'skipped')
        .map((entry) => `${entry.profileId}/${entry.step}: ${entry.reason}`);
      expect(realSkips.sort()).toEqual(
        simulated.skips.map((skip) => `${skip.profileId}/${skip.step}: ${skip.reason}`).sort(),
      );
    } finally {
      time.stop();
      await platform.stop();
    }
  });
});

function sortByKey<T extends { profileId?: string | undefined; step?: string | undefined }>(items: T[]): T[] {
  return [...items].sort((a, b) => `${a.profileId}${a.step}`.localeCompare(`${b.profileId}${b.step}`));
}
