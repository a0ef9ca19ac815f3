import { EventEnvelope } from '../../../shared/events/envelope.ts';
import type { Profile } from '../../../shared/profiles/profile.ts';
import { isRecord } from '../../../shared/store/field-path.ts';
import { shardIndex } from '../shards.ts';
import { fileLines } from './file-lines.ts';
import { IndexedLines, type LineIndex } from './indexed-lines.ts';
import { SimulatedProfile } from './simulated-profile.ts';

/**
 * What one shard replays. Given in memory (the API, tests, small inputs) or as files the shard
 * reads itself: events by an index the parent built (see indexEvents), profiles by reading the
 * file and keeping its own customers. Plain data either way, so it crosses to a worker thread.
 */
export type ShardInput =
  | {
      readonly kind: 'memory';
      /** In replay order. */
      readonly events: readonly EventEnvelope[];
      readonly profiles: readonly Profile[];
    }
  | {
      readonly kind: 'files';
      readonly events: { readonly path: string; readonly index: LineIndex };
      readonly profiles?: string | undefined;
      /** This shard's number, of `shards`: it keeps the profiles that hash to it. */
      readonly shard: number;
      readonly shards: number;
    };

/** The events of a shard in replay order, one at a time. */
export interface EventSource {
  /** The next event, left in place; undefined when all have been taken. */
  peek(): Promise<EventEnvelope | undefined>;
  take(): void;
  close(): Promise<void>;
}

export async function eventSource(input: ShardInput): Promise<EventSource> {
  if (input.kind === 'memory') {
    let next = 0;
    return {
      peek: async () => input.events[next],
      take: () => {
        next += 1;
      },
      close: async () => undefined,
    };
  }
  const lines = await IndexedLines.open(input.events.path, input.events.index);
  let peeked: EventEnvelope | undefined;
  return {
    async peek() {
      if (peeked !== undefined) return peeked;
      const text = await lines.next();
      // Checked line by line by the parent already: a failure here means the file changed.
      peeked = text === undefined ? undefined : eventOfLine(text);
      return peeked;
    },
    take: () => {
      peeked = undefined;
    },
    close: () => lines.close(),
  };
}

/**
 * The line's event, checked, with its detail as the line holds it rather than zod's copy: zod
 * rebuilds a record without its `__proto__` key, and ingest must see that key to keep the event as
 * rejected, as the platform keeps the same event (a backtest ran a journey for it).
 */
function eventOfLine(text: string): EventEnvelope {
  const json: unknown = JSON.parse(text);
  const envelope = EventEnvelope.parse(json);
  const detail = isRecord(json) ? json.detail : undefined;
  // A spread keeps an own `__proto__` key as a key, where an assignment would set the prototype.
  return isRecord(detail)
    ? { ...envelope, detail: { ...detail, profileId: envelope.detail.profileId } }
    : envelope;
}

/** Profiles are stored this many at a time, so a file of millions is never in memory whole. */
const PROFILE_BATCH = 1_000;

/** The shard's profiles, in file order, a batch at a time. */
export async function* shardProfiles(input: ShardInput): AsyncGenerator<readonly Profile[]> {
  if (input.kind === 'memory') {
    yield input.profiles;
    return;
  }
  if (input.profiles === undefined) return;
  let batch: Profile[] = [];
  for await (const line of fileLines(input.profiles)) {
    const value: unknown = JSON.parse(line.text);
    // Another shard's customer is skipped before it costs a full check.
    const id = typeof value === 'object' && value !== null ? Reflect.get(value, 'profileId') : undefined;
    if (typeof id === 'string' && shardIndex(id, input.shards) !== input.shard) continue;
    // Checked line by line by the parent already: a failure here means the file changed.
    batch.push(SimulatedProfile.parse(value));
    if (batch.length >= PROFILE_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
