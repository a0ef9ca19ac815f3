import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../../local/bus/bus-event.ts';
import {
  BUS_JOURNAL_FILE,
  type FileJournalOptions,
  openFileJournal,
} from '../../../local/bus/file-journal.ts';
import { type LocalBus, type LocalBusProps, startLocalBus } from '../../../local/bus/local-bus.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';

const clock = new ManualClock('2026-03-01T10:00:00Z');
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parcours-bus-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A bus on a journal file, as `npm start` runs it; closed after the test unless `abandon` is set. */
async function openBus(
  dir: string,
  props: Partial<LocalBusProps> = {},
  journalOptions: FileJournalOptions = {},
): Promise<LocalBus> {
  const journal = await openFileJournal(join(dir, BUS_JOURNAL_FILE), journalOptions);
  const bus = await startLocalBus({ port: 0, clock, journal, ...props });
  cleanups.push(() => bus.close());
  return bus;
}

function clientOf(bus: LocalBus): EventBridgeClient {
  const client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  cleanups.push(async () => client.destroy());
  return client;
}

function entry(detailType: string): PutEventsRequestEntry {
  return { Source: 'shop.app', DetailType: detailType, Detail: JSON.stringify({ profileId: 'p-1' }) };
}

function collect(bus: LocalBus): BusEvent[] {
  const received: BusEvent[] = [];
  bus.subscribe('all', { source: ['shop.app'] }, async (event) => {
    received.push(event);
  });
  return received;
}

/** A subscriber that never finishes: what a process killed mid-delivery looks like to its journal. */
function hang(bus: LocalBus): () => void {
  let finish: () => void = () => undefined;
  const stuck = new Promise<void>((resolve) => {
    finish = resolve;
  });
  bus.subscribe('stuck', { source: ['shop.app'] }, () => stuck);
  return finish;
}

describe('local bus on a journal file', () => {
  it('delivers after a restart, in order and with their ids, the events it acknowledged but never delivered', async () => {
    // Prepare
    const dir = await dataFolder();
    const crashed = await openBus(dir);
    const unblock = hang(crashed);
    const response = await clientOf(crashed).send(
      new PutEventsCommand({ Entries: [entry('e0'), entry('e1'), entry('e2')] }),
    );
    await crashed.publish({ source: 'shop.app', 'detail-type': 'e3', detail: { profileId: 'p-1' } });

    // Act
    const restarted = await openBus(dir);
    const received = collect(restarted);
    restarted.resume();
    await restarted.idle();
    unblock();

    // Assess
    expect(restarted.redelivered).toBe(4);
    expect(received.map((event) => event['detail-type'])).toEqual(['e0', 'e1', 'e2', 'e3']);
    expect(received.slice(0, 3).map((event) => event.id)).toEqual(
      (response.Entries ?? []).map((result) => result.EventId),
    );
    expect(restarted.backlog()).toEqual({ undelivered: 0, parked: 0 });
  });

  it('holds new events behind the redelivered ones until resume()', async () => {
    // Prepare
    const dir = await dataFolder();
    const crashed = await openBus(dir);
    const unblock = hang(crashed);
    await crashed.publish(entry('old'));
    const restarted = await openBus(dir);
    const received = collect(restarted);

    // Act
    await clientOf(restarted).send(new PutEventsCommand({ Entries: [entry('new')] }));
    const beforeResume = received.length;
    restarted.resume();
    await restarted.idle();
    unblock();

    // Assess
    expect(beforeResume).toBe(0);
    expect(received.map((event) => event['detail-type'])).toEqual(['old', 'new']);
  });

  it('does not deliver again what every subscriber acknowledged, and compacts the journal at start', async () => {
    // Prepare
    const dir = await dataFolder();
    const first = await openBus(dir);
    collect(first);
    for (const name of ['e0', 'e1', 'e2']) await first.publish(entry(name));
    await first.idle();
    await first.close();
    const written = (await stat(join(dir, BUS_JOURNAL_FILE))).size;

    // Act
    const second = await openBus(dir);
    const received = collect(second);
    second.resume();
    await second.idle();

    // Assess
    expect(written).toBeGreaterThan(0);
    expect(second.redelivered).toBe(0);
    expect(received).toEqual([]);
    expect(await readFile(join(dir, BUS_JOURNAL_FILE), 'utf8')).toBe('');
  });

  it('keeps an event parked after its last attempt and delivers it again at the next start', async () => {
    // Prepare
    const dir = await dataFolder();
    const first = await openBus(dir, {
      retry: { attempts: 2, firstDelayMs: 1, maxDelayMs: 1 },
      onDeliveryError: () => {},
    });
    first.subscribe('broken', { source: ['shop.app'] }, async () => {
      throw new Error('store down');
    });
    const parked = await first.publish(entry('e0'));
    await first.idle();
    const backlogBeforeStop = first.backlog();
    await first.close();

    // Act
    const second = await openBus(dir);
    const received = collect(second);
    second.resume();
    await second.idle();

    // Assess
    expect(backlogBeforeStop).toEqual({ undelivered: 1, parked: 1 });
    expect(received.map((event) => event.id)).toEqual([parked.id]);
    expect(second.backlog()).toEqual({ undelivered: 0, parked: 0 });
  });

  it('drops a last line torn by a kill, and reports a damaged line in the middle', async () => {
    // Prepare
    const dir = await dataFolder();
    const crashed = await openBus(dir);
    const unblock = hang(crashed);
    const kept = await crashed.publish(entry('kept'));
    const path = join(dir, BUS_JOURNAL_FILE);
    const journaled = await readFile(path, 'utf8');
    await writeFile(path, `not json\n${journaled}{"kind":"accepted","sequence":9,"ev`);
    const damaged: number[] = [];

    // Act
    const restarted = await openBus(dir, {}, { onDamagedLine: (line) => damaged.push(line) });
    const received = collect(restarted);
    restarted.resume();
    await restarted.idle();
    unblock();

    // Assess
    expect(damaged).toEqual([1]);
    expect(received.map((event) => event.id)).toEqual([kept.id]);
  });

  it('compacts a journal that grows past its limit and still keeps what is undelivered', async () => {
    // Prepare
    const dir = await dataFolder();
    const path = join(dir, BUS_JOURNAL_FILE);
    const bus = await openBus(dir, {}, { compactAboveBytes: 4_096 });
    const received = collect(bus);
    for (let index = 0; index < 200; index += 1) await bus.publish(entry(`e${index}`));
    await bus.idle();
    const deliveredBeforeHang = received.length;
    const unblock = hang(bus);
    const undelivered = await bus.publish(entry('last'));
    const size = (await stat(path)).size;

    // Act
    const restarted = await openBus(dir);
    const redelivered = collect(restarted);
    restarted.resume();
    await restarted.idle();
    unblock();

    // Assess
    expect(deliveredBeforeHang).toBe(200);
    expect(size).toBeLessThan(2 * 4_096);
    expect(redelivered.map((event) => event.id)).toEqual([undelivered.id]);
  });
  it('refuses a detail nested too deep to journal as a bad entry, and keeps compacting after it', async () => {
    // Prepare: JSON.stringify overflows the stack on such a detail, which once left it pending.
    const dir = await dataFolder();
    const bus = await openBus(dir, {}, { compactAboveBytes: 4_096 });
    const received = collect(bus);
    const deep = `{"profileId":"p-1","a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

    // Act
    const response = await clientOf(bus).send(
      new PutEventsCommand({
        Entries: [{ Source: 'shop.app', DetailType: 'deep', Detail: deep }, entry('good')],
      }),
    );
    for (let index = 0; index < 100; index += 1) await bus.publish(entry(`e${index}`));
    await bus.idle();

    // Assess
    expect(response.FailedEntryCount).toBe(1);
    expect(response.Entries?.[0]).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: expect.stringContaining('nested deeper than 1100 levels'),
    });
    expect(received).toHaveLength(101);
    expect(bus.backlog()).toMatchObject({ undelivered: 0 });
    expect((await stat(join(dir, BUS_JOURNAL_FILE))).size).toBeLessThan(2 * 4_096);
  });
});
