import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { abandonedCarts } from '../../../bench/simulate/journeys.ts';
import { SimulationInputError } from '../../../local/simulate/input/simulation-input-error.ts';
import { type SimulationFiles, simulate } from '../../../local/simulate/simulate.ts';
import { EventEnvelope } from '../../../shared/events/envelope.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';

const folder = await mkdtemp(join(tmpdir(), 'parcours-simulate-files-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

const fixture = abandonedCarts(120);
// Out of time order, with blank lines and a profile given twice (the later line wins): what the
// in-memory input is given sorted and deduplicated, the file gives as a user's export might.
const shuffled = fixture.events.map((event, index) => ({ event, key: (index * 7919) % 131 }));
shuffled.sort((a, b) => a.key - b.key);
const eventsFile = join(folder, 'events.jsonl');
await writeFile(eventsFile, `${shuffled.map(({ event }) => JSON.stringify(event)).join('\n\n')}\r\n`);
const [firstProfile] = fixture.profiles;
const profilesFile = join(folder, 'profiles.jsonl');
await writeFile(
  profilesFile,
  [{ ...firstProfile, attributes: { firstName: 'Replaced' } }, ...fixture.profiles]
    .map((profile) => JSON.stringify(profile))
    .join('\n'),
);

const readEvent: SimulationFiles['readEvent'] = (value, where) => {
  const result = EventEnvelope.safeParse(value);
  return result.success ? result.data : result.error.issues.map((issue) => `${where}: ${issue.message}`);
};
const checkProfile: SimulationFiles['checkProfile'] = (value, where) => {
  const result = Profile.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${where}: ${issue.message}`);
};

/** The events as a JSON-lines file of the test's folder, one event a line. */
async function eventsFileOf(name: string, events: readonly object[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, events.map((event) => JSON.stringify(event)).join('\n'));
  return path;
}

/** How simulate refuses the same events from a file and given in memory: each run's error. */
async function refusalsInFileAndMemory(path: string, events: readonly EventEnvelope[]) {
  const [fromFile, fromMemory] = await Promise.all([
    simulate({ projectDir: EXAMPLES_DIR, files: { events: path, readEvent, checkProfile } }).catch(
      (error: unknown) => error,
    ),
    simulate({ projectDir: EXAMPLES_DIR, events }).catch((error: unknown) => error),
  ]);
  return { fromFile, fromMemory };
}

describe('simulate on files', () => {
  it('reads its input as it goes and reports as it does on the same input in memory, on one worker and on two', async () => {
    // Act
    const inMemory = await simulate({
      projectDir: EXAMPLES_DIR,
      events: fixture.events,
      profiles: fixture.profiles,
      until: { afterFirstEvent: 3 * 86_400 },
    });
    const [onOne, onTwo] = await Promise.all(
      [1, 2].map((workers) =>
        simulate({
          projectDir: EXAMPLES_DIR,
          files: { events: eventsFile, profiles: profilesFile, readEvent, checkProfile },
          until: { afterFirstEvent: 3 * 86_400 },
          workers,
        }),
      ),
    );

    // Assess
    expect(inMemory.totals[0]?.journeys).toBe(120);
    expect(JSON.stringify(onOne)).toBe(JSON.stringify(inMemory));
    expect(JSON.stringify(onTwo)).toBe(JSON.stringify(inMemory));
  });

  it('names every bad line of the events file, by line number, before anything runs', async () => {
    // Prepare
    const lines = (await readFile(eventsFile, 'utf8')).split('\n');
    lines[4] = '{"id": "broken", "source": "shop"';
    lines[10] = JSON.stringify({ ...fixture.events[0], time: 'yesterday' });
    const broken = join(folder, 'broken.jsonl');
    await writeFile(broken, lines.join('\n'));

    // Act
    const failure = await simulate({
      projectDir: EXAMPLES_DIR,
      files: { events: broken, readEvent, checkProfile },
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SimulationInputError);
    const message = failure instanceof Error ? failure.message : '';
    expect(message).toMatch(new RegExp(`^${escaped(broken)}:5: not valid JSON`, 'm'));
    expect(message).toMatch(new RegExp(`^${escaped(broken)}:11: `, 'm'));
    expect(message.split('\n')).toHaveLength(2);
  });

  it("names each event that reuses its customer's id at another time, in a file or in memory, and lets a redelivery be", async () => {
    // Prepare: line 2 repeats line 1 (a redelivery), line 3 reuses its id a day later, and another
    // customer's event of that id is theirs
    const [first, other] = fixture.events;
    if (first === undefined || other === undefined) throw new Error('the fixture has events');
    const later = { ...first, time: new Date(Date.parse(first.time) + 86_400_000).toISOString() };
    const elsewhere = { ...other, id: first.id };
    const events = [first, first, later, elsewhere];
    const repeated = await eventsFileOf('repeated.jsonl', events);

    // Act
    const { fromFile, fromMemory } = await refusalsInFileAndMemory(repeated, events);

    // Assess
    for (const [failure, place, firstPlace] of [
      [fromFile, `${repeated}:3`, `${repeated}:1`],
      [fromMemory, 'events[2]', 'events[0]'],
    ] as const) {
      expect(failure).toBeInstanceOf(SimulationInputError);
      const lines = failure instanceof Error ? failure.message.split('\n') : [];
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        `${place}: id: "${first.id}" is the id of customer "${first.detail.profileId}"`,
      );
      expect(lines[0]).toContain(`at ${new Date(first.time).toISOString()} (${firstPlace})`);
    }
  });

  it('names another event of the customer under an id and time already used, which ingest would have dropped as a redelivery', async () => {
    // Prepare: the customer's opt-out written with the id and time of their cart
    const [cart] = fixture.events;
    if (cart === undefined) throw new Error('the fixture has events');
    const optOut = {
      ...cart,
      'detail-type': 'subscription.changed',
      detail: { profileId: cart.detail.profileId, channel: 'email', status: 'opted-out' },
    };
    const events = [cart, optOut];
    const sameIdAndTime = await eventsFileOf('same-id-and-time.jsonl', events);

    // Act
    const { fromFile, fromMemory } = await refusalsInFileAndMemory(sameIdAndTime, events);

    // Assess
    for (const [failure, place, firstPlace] of [
      [fromFile, `${sameIdAndTime}:2`, `${sameIdAndTime}:1`],
      [fromMemory, 'events[1]', 'events[0]'],
    ] as const) {
      expect(failure).toBeInstanceOf(SimulationInputError);
      const message = failure instanceof Error ? failure.message : '';
      expect(message).toContain(
        `${place}: id: "${cart.id}" is the id of customer "${cart.detail.profileId}"`,
      );
      expect(message).toContain(`(${firstPlace}), and this is another event at the same time`);
    }
  });

  it('keeps an event whose detail holds a __proto__ key as rejected, as the platform does, rather than start its journey', async () => {
    // Prepare: a cart whose detail has a `__proto__` key, which JSON.parse keeps as a key
    const [cart] = fixture.events;
    if (cart === undefined) throw new Error('the fixture has events');
    const line = JSON.stringify(cart).replace('"detail":{', '"detail":{"__proto__":{"polluted":true},');
    const withProto = join(folder, 'proto.jsonl');
    await writeFile(withProto, `${line}\n`);

    // Act
    const report = await simulate({
      projectDir: EXAMPLES_DIR,
      files: { events: withProto, profiles: profilesFile, readEvent, checkProfile },
    });

    // Assess
    expect(report.rejected?.map(({ eventId, reason }) => ({ eventId, reason }))).toEqual([
      { eventId: cart.id, reason: expect.stringContaining('__proto__') },
    ]);
    expect(report.journeys).toEqual([]);
  });

  it("names the line of an event dated too far after the first, and the first one's", async () => {
    // Prepare: the second line dated 9999 by mistake
    const [cart, typo] = fixture.events;
    if (cart === undefined || typo === undefined) throw new Error('the fixture has events');
    const typoFile = await eventsFileOf('typo.jsonl', [cart, { ...typo, time: '9999-12-31T23:59:59Z' }]);

    // Act
    const failure = await simulate({
      projectDir: EXAMPLES_DIR,
      files: { events: typoFile, readEvent, checkProfile },
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(SimulationInputError);
    const message = failure instanceof Error ? failure.message : '';
    expect(message.startsWith(`${typoFile}:2: time: the last event's time, 9999-12-31T23:59:59.000Z`)).toBe(
      true,
    );
    expect(message).toContain(`(${new Date(cart.time).toISOString()}, ${typoFile}:1)`);
  });
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
