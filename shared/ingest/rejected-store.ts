import * as z from 'zod/mini';
import { EXPIRES_AT, epochSeconds } from '../store/expiry.ts';
import type { ItemStore } from '../store/item-store.ts';
import { keys, REJECTED_SHARDS, rejectedPartition } from '../store/keys.ts';

const REJECTED_RETENTION_DAYS = 30;
/**
 * The received event is kept as JSON text, at most this long. Text, because what made the event
 * unacceptable (a number beyond 2^53, a `__proto__` key, nesting past DynamoDB's 32 levels) is
 * often what would make storing it as a map fail; bounded, because the item must stay far under
 * DynamoDB's 400 KB whatever was sent.
 */
export const MAX_KEPT_JSON_CHARS = 64 * 1024;

/**
 * What is stored: the event as text, and the facts a reader filters on when the event had them.
 * The schemas of this file are built on first use: ingest builds none of them unless it rejects.
 */
const RejectedItem = z.lazy(() =>
  z.object({
    eventId: z.string(),
    reason: z.string(),
    receivedAt: z.string(),
    rawJson: z.string(),
    truncated: z._default(z.boolean(), false),
    profileId: z.optional(z.string()),
    source: z.optional(z.string()),
    detailType: z.optional(z.string()),
  }),
);

/** An event ingest could not accept, kept as received so an engineer can see why and replay it. */
export const RejectedEvent = z.lazy(() =>
  // zod/mini has no unwrap(): innerType is the object the lazy schema builds on first use.
  z.extend(z.omit(RejectedItem._zod.innerType, { rawJson: true }), {
    /** The event as received; its JSON text cut at MAX_KEPT_JSON_CHARS when `truncated`. */
    raw: z.unknown(),
  }),
);
export type RejectedEvent = z.infer<typeof RejectedEvent>;

export type Rejection = {
  readonly eventId: string;
  /** Names the field at fault, e.g. `detail.profileId: Invalid input: expected string`. */
  readonly reason: string;
  readonly raw: unknown;
};

/**
 * Keeps a rejected event under the day it was received: the event's own time may be the very
 * field that is invalid, and "what did we reject today" is the question asked of this store.
 * Returns who and what the event was about, as far as it said so readably.
 */
export async function keepRejected(store: ItemStore, rejected: Rejection, now: Date): Promise<EnvelopeFacts> {
  const receivedAt = now.toISOString();
  const json = jsonText(rejected.raw);
  const truncated = json.length > MAX_KEPT_JSON_CHARS;
  const facts = envelopeFacts(rejected.raw);
  await store.put({
    ...keys.rejected(dayOf(receivedAt), rejected.eventId, receivedAt, facts.profileId),
    eventId: rejected.eventId,
    reason: rejected.reason,
    receivedAt,
    rawJson: truncated ? json.slice(0, MAX_KEPT_JSON_CHARS) : json,
    truncated,
    ...facts,
    [EXPIRES_AT]: epochSeconds(now) + REJECTED_RETENTION_DAYS * 86_400,
  });
  return facts;
}

/** A day's rejected events (`yyyy-mm-dd`, UTC), oldest first: one paged Query per shard. */
export async function rejectedOn(store: ItemStore, day: string): Promise<RejectedEvent[]> {
  const shards = await Promise.all(
    Array.from({ length: REJECTED_SHARDS }, async (_, shard) =>
      (await store.query(rejectedPartition(day, shard))).map(toRejectedEvent),
    ),
  );
  return shards.flat().sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

/** The most days one listing reads: the store keeps rejected events for 30 days. */
const MAX_LISTED_DAYS = REJECTED_RETENTION_DAYS + 1;

/**
 * Where a listing from `from` to `to` starts: `from`, or the first of the days the store keeps when
 * `from` is before them. A listing says so, rather than name a span it did not read.
 */
export function listedFrom(from: Date, to: Date): Date {
  return new Date(Math.max(from.getTime(), to.getTime() - MAX_LISTED_DAYS * 86_400_000));
}

/**
 * The events rejected from `from` to `to` (received times, inclusive), oldest first: one day's
 * Query per UTC day of the range, from `listedFrom(from, to)`.
 */
export async function rejectedBetween(store: ItemStore, from: Date, to: Date): Promise<RejectedEvent[]> {
  const earliest = listedFrom(from, to);
  const days = daysBetween(earliest, to);
  const listed = await Promise.all(days.map((day) => rejectedOn(store, day)));
  const [start, end] = [earliest.toISOString(), to.toISOString()];
  return listed.flat().filter((event) => event.receivedAt >= start && event.receivedAt <= end);
}

/** The UTC days (`yyyy-mm-dd`) from `from` to `to`, both included; none when `to` is before `from`. */
export function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const last = dayOf(to.toISOString());
  for (let day = dayOf(from.toISOString()); day <= last; ) {
    days.push(day);
    day = dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString());
  }
  return days;
}

function toRejectedEvent(item: Record<string, unknown>): RejectedEvent {
  const { rawJson, ...rest } = RejectedItem.parse(item);
  return { ...rest, raw: rest.truncated ? rawJson : parseJson(rawJson) };
}

/** JSON.stringify gives undefined for undefined and functions, and throws on cycles and BigInts. */
function jsonText(raw: unknown): string {
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch (error) {
    return `unserialisable event: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The envelope fields worth keeping, each dropped when unreadable rather than failing the whole. */
const ReadableEnvelope = z.lazy(() =>
  z.object({
    source: readable(z.string().check(z.maxLength(256))),
    'detail-type': readable(z.string().check(z.maxLength(256))),
    detail: readable(z.object({ profileId: readable(z.string().check(z.maxLength(200))) })),
  }),
);

/**
 * The value when the schema reads it, else undefined. zod's `catch` would do it, but it reaches
 * its helpers through their namespace, which keeps all of them (about 8 KB) in every function
 * that reads rejected events (ingest, delivery-events, sweep), at every cold start.
 */
function readable<T>(schema: z.ZodMiniType<T>) {
  return z.pipe(
    z.unknown(),
    z.transform((value): T | undefined => {
      const read = schema.safeParse(value);
      return read.success ? read.data : undefined;
    }),
  );
}

type EnvelopeFacts = { profileId?: string; source?: string; detailType?: string };

/** Who and what the event was about, when it says so in a readable way: for listing and filtering. */
function envelopeFacts(raw: unknown): EnvelopeFacts {
  const facts = ReadableEnvelope.safeParse(raw);
  if (!facts.success) return {};
  const { source, detail } = facts.data;
  const detailType = facts.data['detail-type'];
  return {
    ...(detail?.profileId === undefined ? {} : { profileId: detail.profileId }),
    ...(source === undefined ? {} : { source }),
    ...(detailType === undefined ? {} : { detailType }),
  };
}

function dayOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}
