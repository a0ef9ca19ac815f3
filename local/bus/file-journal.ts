import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isMissingFile } from '../files/missing-file.ts';
import type { BusEvent } from './bus-event.ts';
import { DurableAppender, syncFolderOf } from './durable-appender.ts';
import {
  type BusBacklog,
  type EventJournal,
  type JournaledEvent,
  JournalRecord,
  type ParkedFailure,
  PendingEvents,
} from './event-journal.ts';

/** Where the dev server keeps the bus journal, relative to its data folder. */
export const BUS_JOURNAL_FILE = join('bus', 'journal.jsonl');

/** Past this size the journal is rewritten with only what is still pending. */
const COMPACT_ABOVE_BYTES = 8 * 1024 * 1024;

export type FileJournalOptions = {
  /** @default 8 MiB */
  readonly compactAboveBytes?: number;
  /** Told about lines that cannot be read back (a damaged file). @default a line on stderr */
  readonly onDamagedLine?: (line: number, reason: string) => void;
};

/**
 * The bus journal of a data folder: one append-only file of JSON lines, `accepted` (the whole
 * event, written and fsync'd before PutEvents answers), then `delivered` or `parked` for it.
 * Why one file rather than one per event: a single append and fsync covers a whole PutEvents
 * batch, and a burst of batches shares one fsync, where a file per event would cost a create, an
 * fsync and a folder fsync for each.
 *
 * Crash safety: a kill can only tear the last line, which was never acknowledged (its fsync had not
 * returned), so a line that does not parse at the end is dropped. A `delivered` line is not
 * fsync'd: losing one means the event is delivered again, which subscribers must tolerate anyway.
 *
 * Compaction rewrites the file with only the pending events, at every start and whenever it grows
 * past `compactAboveBytes`: written beside it, fsync'd, then renamed over it, so a crash during
 * compaction leaves either the old journal or the new one, never a mix.
 */
export async function openFileJournal(path: string, options: FileJournalOptions = {}): Promise<EventJournal> {
  await mkdir(dirname(path), { recursive: true });
  const pending = new PendingEvents();
  const next = await readJournal(path, pending, options.onDamagedLine ?? reportDamagedLine);
  const unfinished = pending.list();
  await compact(path, pending);

  const compactAbove = options.compactAboveBytes ?? COMPACT_ABOVE_BYTES;
  let sequence = next;
  const appender: DurableAppender = await DurableAppender.open(path, async (size) => {
    if (size <= compactAbove) return;
    await compact(path, pending);
    await appender.reopen();
  });
  // Records change the pending set when handed to the writer, so a compaction may already hold
  // records still waiting for the next write; they are then written twice, which reading
  // tolerates (the same event accepted again, a delivery of an event no longer there).
  const write = (records: readonly JournalRecord[], durable: boolean): Promise<void> => {
    // Written out before anything is pending: a record that cannot be (JSON.stringify throwing)
    // must not stay in the pending set, where every compaction after it would fail on it.
    const lines = records.map(toLine).join('');
    for (const record of records) pending.apply(record);
    return appender.append(lines, durable);
  };

  return {
    unfinished: () => unfinished,
    async accept(events: readonly BusEvent[]): Promise<JournaledEvent[]> {
      const journaled = events.map((event) => ({ sequence: sequence++, event }));
      await write(
        journaled.map(({ sequence: accepted, event }) => ({ kind: 'accepted', sequence: accepted, event })),
        true,
      );
      return journaled;
    },
    delivered: (delivered: number) => write([{ kind: 'delivered', sequence: delivered }], false),
    parked: (parked: number, failure: ParkedFailure) =>
      write([{ kind: 'parked', sequence: parked, failure }], false),
    backlog: (): BusBacklog => pending.backlog(),
    close: () => appender.close(),
  };
}

/** Applies every readable line to `pending`; returns the next free sequence number. */
async function readJournal(
  path: string,
  pending: PendingEvents,
  onDamagedLine: (line: number, reason: string) => void,
): Promise<number> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    if (isMissingFile(error)) return '';
    throw error;
  });
  const lines = text.split('\n');
  // The part after the last newline is a line whose write a kill interrupted: never acknowledged.
  lines.pop();
  let next = 0;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const record = JournalRecord.safeParse(parseJson(line));
    if (!record.success) {
      onDamagedLine(index + 1, record.error.issues[0]?.message ?? 'unreadable');
      return;
    }
    pending.apply(record.data);
    next = Math.max(next, record.data.sequence + 1);
  });
  return next;
}

async function compact(path: string, pending: PendingEvents): Promise<void> {
  const staging = `${path}.compacting`;
  await rm(staging, { force: true });
  const file = await open(staging, 'w');
  try {
    await file.writeFile(pending.records().map(toLine).join(''), 'utf8');
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(staging, path);
  await syncFolderOf(path);
}

function toLine(record: JournalRecord): string {
  return `${JSON.stringify(record)}\n`;
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

function reportDamagedLine(line: number, reason: string): void {
  process.stderr.write(`local bus: journal line ${line} cannot be read (${reason}); skipped\n`);
}
