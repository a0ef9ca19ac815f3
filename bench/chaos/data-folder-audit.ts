import * as z from 'zod';
import { outboxOf } from '../../local/dev/data-files.ts';
import { openDataFolder } from '../../local/dev/data-folder.ts';
import type { OutboxEntry } from '../../local/outbox/outbox.ts';

/**
 * Reads what a stopped dev server left in its data folder (dynalite's files and the outbox) and
 * turns it into the figures of the chaos run and the crash test: what became of each acknowledged
 * event, how many messages went out twice, and how many went to customers who had opted out.
 */

const StoredEvent = z.object({
  id: z.string(),
  'detail-type': z.string(),
  time: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

/** Only an event ingest marked processed counts: one whose processing the kill cut short is not. */
const EventItem = z.looseObject({
  sk: z.string().startsWith('EVENT#'),
  event: StoredEvent,
  processedAt: z.string(),
});
const RejectedItem = z.looseObject({ pk: z.string().startsWith('REJECTED#'), eventId: z.string() });
const LedgerItem = z.looseObject({
  sk: z.string().startsWith('LEDGER#'),
  profileId: z.string(),
  scenario: z.string(),
  step: z.string(),
  execution: z.string(),
});

export type DataFolderContents = {
  /** Events ingest processed to the end (recorded and marked processed), by id. */
  readonly events: ReadonlyMap<string, StoredEvent>;
  /** Ids of the events kept as rejected. */
  readonly rejected: ReadonlySet<string>;
  /** `profileId|scenario|step` → the executions that have a ledger row for that step. */
  readonly ledgerExecutions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every message the providers were handed (one outbox line per provider call). */
  readonly sends: readonly OutboxEntry[];
};

/** Opens the folder's store (the dev server must be stopped: LevelDB allows one process). */
export async function readDataFolder(dataDir: string): Promise<DataFolderContents> {
  const folder = await openDataFolder(dataDir);
  const events = new Map<string, StoredEvent>();
  const rejected = new Set<string>();
  const ledgerExecutions = new Map<string, Set<string>>();
  try {
    const items = await folder.store.scan({});
    for (const item of items) {
      const event = EventItem.safeParse(item);
      if (event.success) events.set(event.data.event.id, event.data.event);
      const kept = RejectedItem.safeParse(item);
      if (kept.success) rejected.add(kept.data.eventId);
      const ledger = LedgerItem.safeParse(item);
      if (ledger.success) {
        const key = sendKey(ledger.data);
        const executions = ledgerExecutions.get(key) ?? new Set<string>();
        executions.add(ledger.data.execution);
        ledgerExecutions.set(key, executions);
      }
    }
  } finally {
    await folder.stop();
  }
  return { events, rejected, ledgerExecutions, sends: await outboxOf(dataDir).list() };
}

export type IntakeFigures = {
  readonly acknowledged: number;
  /** Recorded in the customer's partition and marked processed. */
  readonly processed: number;
  /** Kept as rejected, with a reason. */
  readonly rejected: number;
  /** Acknowledged, and neither processed nor kept as rejected. */
  readonly lost: number;
  readonly lostIds: readonly string[];
};

export function intakeFigures(acknowledged: readonly string[], contents: DataFolderContents): IntakeFigures {
  let processed = 0;
  let rejected = 0;
  const lostIds: string[] = [];
  for (const id of new Set(acknowledged)) {
    if (contents.events.has(id)) processed += 1;
    else if (contents.rejected.has(id)) rejected += 1;
    else lostIds.push(id);
  }
  return { acknowledged: new Set(acknowledged).size, processed, rejected, lost: lostIds.length, lostIds };
}

export type SendFigures = { readonly count: number; readonly examples: readonly string[] };

/**
 * Provider calls beyond one per execution and step. The outbox does not name the execution, so
 * the sends of a customer's step are compared with the executions the ledger holds for that step
 * (a send whose ledger row the kill prevented still counts as one execution).
 */
export function duplicateSends(contents: DataFolderContents): SendFigures {
  const byStep = new Map<string, number>();
  for (const send of contents.sends) {
    if (send.channel === 'webhook' || send.profileId === undefined) continue;
    const key = sendKey({ profileId: send.profileId, scenario: send.scenario ?? '', step: send.step ?? '' });
    byStep.set(key, (byStep.get(key) ?? 0) + 1);
  }
  let count = 0;
  const examples: string[] = [];
  for (const [key, sends] of byStep) {
    const executions = Math.max(1, contents.ledgerExecutions.get(key)?.size ?? 0);
    if (sends <= executions) continue;
    count += sends - executions;
    examples.push(`${key}: ${sends} sends for ${executions} execution(s)`);
  }
  return { count, examples };
}

const Consent = z.object({
  channel: z.enum(['email', 'sms', 'push']),
  status: z.enum(['opted-in', 'opted-out']),
  topic: z.undefined().optional(),
  profileId: z.string(),
});

/**
 * Sends on a channel to customers whose latest consent for that channel, by event time (an opt-out
 * winning a tie), is an opt-out. The streams that use it put a customer's opt-out before any event
 * that starts a journey of theirs, so no such send can be legitimate; send times are not compared
 * with event times, since journey time may step back after a kill (the dev server saves it every
 * few seconds).
 */
export function optedOutSends(contents: DataFolderContents): SendFigures {
  const latest = new Map<string, { time: number; status: 'opted-in' | 'opted-out' }>();
  for (const event of contents.events.values()) {
    if (event['detail-type'] !== 'subscription.changed') continue;
    const consent = Consent.safeParse(event.detail);
    if (!consent.success) continue;
    const key = `${consent.data.profileId}|${consent.data.channel}`;
    const time = Date.parse(event.time);
    const current = latest.get(key);
    const newer =
      current === undefined ||
      time > current.time ||
      (time === current.time && consent.data.status === 'opted-out');
    if (newer) latest.set(key, { time, status: consent.data.status });
  }
  let count = 0;
  const examples: string[] = [];
  for (const send of contents.sends) {
    if (send.channel === 'webhook' || send.profileId === undefined) continue;
    if (latest.get(`${send.profileId}|${send.channel}`)?.status !== 'opted-out') continue;
    count += 1;
    if (examples.length < 5)
      examples.push(`${send.profileId} ${send.channel} ${send.step ?? ''} at ${send.at}`);
  }
  return { count, examples };
}

function sendKey(send: { profileId: string; scenario: string; step: string }): string {
  return `${send.profileId}|${send.scenario}|${send.step}`;
}
