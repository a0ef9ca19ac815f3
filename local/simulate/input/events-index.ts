import { type FileHandle, open } from 'node:fs/promises';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import { profileHash } from '../shards.ts';
import { fileLines } from './file-lines.ts';
import type { LineIndex } from './indexed-lines.ts';
import { InputProblems, jsonOfLine } from './input-problems.ts';
import { type EventColumns, repeatedIdProblem, repeatedIds } from './repeated-ids.ts';

/** What the caller makes of one line's JSON: the event, or the problems that make it unusable. */
export type ReadEvent = (value: unknown, where: string) => EventEnvelope | readonly string[];

export type EventsIndex = {
  /** For each of `count` shards, its events' lines in replay order: by time, then id. */
  shards(count: number): LineIndex[];
  readonly count: number;
  /** The earliest event's time (ms), if there is an event. */
  readonly first: number | undefined;
  /** The latest event's time (ms), if there is an event. */
  readonly last: number | undefined;
  /** Where the earliest and the latest events are (`file:line`), for messages about their times. */
  readonly firstWhere: string | undefined;
  readonly lastWhere: string | undefined;
};

/**
 * Reads a JSON-lines file of events once, checking every line, and keeps of each event only
 * what ordering and sharding need (time, id, the profile's hash) and where its line is: about 60 bytes an
 * event rather than the event, so a backtest of millions of events starts without holding them.
 * Each shard then reads its own events back from the file, in order (see IndexedLines).
 */
export async function indexEvents(path: string, read: ReadEvent): Promise<EventsIndex> {
  const times: number[] = [];
  const ids: string[] = [];
  const hashes: number[] = [];
  const offsets: number[] = [];
  const lengths: number[] = [];
  const lineNumbers: number[] = [];
  const problems = new InputProblems();
  for await (const line of fileLines(path)) {
    const where = `${path}:${line.number}`;
    const json = jsonOfLine(line.text, where);
    const event = 'problem' in json ? [json.problem] : read(json.value, where);
    if (!('id' in event)) {
      problems.add(event);
      continue;
    }
    times.push(Date.parse(event.time));
    ids.push(event.id);
    hashes.push(profileHash(event.detail.profileId));
    offsets.push(line.offset);
    lengths.push(line.length);
    lineNumbers.push(line.number);
  }
  problems.add(
    await repeatedIdProblems(path, read, { ids, times, customers: hashes, offsets, lengths, lineNumbers }),
  );
  problems.throwIfAny();
  const order = [...times.keys()].sort(
    (a, b) => (times[a] ?? 0) - (times[b] ?? 0) || compareIds(ids[a] ?? '', ids[b] ?? ''),
  );
  const [earliest, latest] = [order[0], order.at(-1)];
  const whereOf = (position: number | undefined) =>
    position === undefined ? undefined : `${path}:${lineNumbers[position]}`;
  return {
    count: times.length,
    first: earliest === undefined ? undefined : times[earliest],
    last: latest === undefined ? undefined : times[latest],
    firstWhere: whereOf(earliest),
    lastWhere: whereOf(latest),
    shards(count) {
      const perShard = Array.from({ length: count }, (): number[] => []);
      for (const position of order)
        perShard[count === 1 ? 0 : (hashes[position] ?? 0) % count]?.push(position);
      return perShard.map((positions) => ({
        offsets: Float64Array.from(positions, (position) => offsets[position] ?? 0),
        lengths: Uint32Array.from(positions, (position) => lengths[position] ?? 0),
      }));
    },
  };
}

/** Where each event's line is, beside what the check of repeated ids reads. */
type IndexedColumns = EventColumns & {
  readonly offsets: readonly number[];
  readonly lengths: readonly number[];
  readonly lineNumbers: readonly number[];
};

/**
 * Each event of the file that reuses an id of its customer's other event (see repeatedIds). The
 * index keeps a hash of each event's customer, not the customer: the events whose ids repeat are
 * read back from their lines for it.
 */
async function repeatedIdProblems(path: string, read: ReadEvent, columns: IndexedColumns): Promise<string[]> {
  let file: FileHandle | undefined;
  // Each line read once: a pair's customers and then the events themselves are asked of it, and
  // a line repeated many times is compared with each of its customer's first events.
  const events = new Map<number, EventEnvelope | undefined>();
  const eventAt = async (position: number): Promise<EventEnvelope | undefined> => {
    if (events.has(position)) return events.get(position);
    file ??= await open(path, 'r');
    const line = Buffer.alloc(columns.lengths[position] ?? 0);
    await file.read(line, 0, line.length, columns.offsets[position] ?? 0);
    const parsed = read(JSON.parse(line.toString('utf8')), path);
    const event = 'id' in parsed ? parsed : undefined;
    events.set(position, event);
    return event;
  };
  const customerOf = async (position: number): Promise<string> =>
    (await eventAt(position))?.detail.profileId ?? '';
  const placeOf = (position: number) => ({
    where: `${path}:${columns.lineNumbers[position]}`,
    at: columns.times[position] ?? 0,
  });
  try {
    const repeats = await repeatedIds(
      columns,
      async (a, b) => (await customerOf(a)) === (await customerOf(b)),
      // Checked as read, so two lines that differ only in spacing are one event.
      async (a, b) => JSON.stringify(await eventAt(a)) === JSON.stringify(await eventAt(b)),
    );
    const problems: string[] = [];
    for (const { first, other } of repeats)
      problems.push(
        repeatedIdProblem(columns.ids[other] ?? '', await customerOf(other), placeOf(first), placeOf(other)),
      );
    return problems;
  } finally {
    await file?.close();
  }
}

/** The order simulate gives events of the same instant, whatever the input (see simulate.ts). */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b);
}
