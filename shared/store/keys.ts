import { createHash } from 'node:crypto';
import { external as ext, fitKey, KEY_LIMIT_BYTES, type KeyPart } from './key-limits.ts';

/**
 * The single table's key design (see docs/data-model.md). Everything about one customer lives in
 * that customer's partition, so writes spread across profiles and one Query answers "everything
 * about Jane". The few items not owned by a profile are keyed by a hash or sharded.
 *
 * Every key is built by `partitionKey` / `sortKey`, which mark the parts that come from outside
 * (`ext(...)`): a key that would pass DynamoDB's limits has those parts digested (see fitKey)
 * rather than being refused, so a 5,000-byte cart id still starts its journey.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;

export type ItemKey = { readonly pk: string; readonly sk: string };

const partitionKey = (...parts: KeyPart[]): string => fitKey(KEY_LIMIT_BYTES.partition, parts);
const sortKey = (...parts: KeyPart[]): string => fitKey(KEY_LIMIT_BYTES.sort, parts);

const profilePartition = (profileId: string): string => partitionKey('PROFILE', ext(profileId));

export const keys = {
  profile: (profileId: string): ItemKey => ({ pk: profilePartition(profileId), sk: 'PROFILE' }),
  aggregates: (profileId: string): ItemKey => ({ pk: profilePartition(profileId), sk: 'AGGREGATES' }),
  caps: (profileId: string): ItemKey => ({ pk: profilePartition(profileId), sk: 'CAPS' }),
  /** The segments the customer is in, since when, and each segment's last transition. */
  segments: (profileId: string): ItemKey => ({ pk: profilePartition(profileId), sk: 'SEGMENTS' }),
  /** Time first, so "events since the journey started" is a range query; the id keeps it unique. */
  event: (profileId: string, time: string, eventId: string): ItemKey => ({
    pk: profilePartition(profileId),
    sk: sortKey('EVENT', time, ext(eventId)),
  }),
  journey: (profileId: string, scenario: string, journeyKey: string): ItemKey => ({
    pk: profilePartition(profileId),
    sk: sortKey('JOURNEY', ext(scenario), ext(journeyKey)),
  }),
  /**
   * A journey a re-entry replaced (its `journey` key now holds the newer one), kept by its
   * execution until it expires: its goal window and its running steps go on. Its own first part
   * keeps it apart from every `journey` key, whatever journey key an app sends, and within the
   * prefix journeysOf reads (SORT_PREFIX.anyJourney).
   */
  supersededJourney: (profileId: string, scenario: string, execution: string): ItemKey => ({
    pk: profilePartition(profileId),
    sk: sortKey('JOURNEY-SUPERSEDED', ext(scenario), ext(execution)),
  }),
  ledger: (profileId: string, execution: string, step: string): ItemKey => ({
    pk: profilePartition(profileId),
    sk: sortKey('LEDGER', ext(execution), ext(step)),
  }),
  /** When a step's first attempt ran, and a webhook's request, which a retry repeats (steps/first-attempt-*.ts). */
  firstAttempt: (profileId: string, execution: string, step: string): ItemKey => ({
    pk: profilePartition(profileId),
    sk: sortKey('FIRST-ATTEMPT', ext(execution), ext(step)),
  }),
  waiting: (profileId: string, execution: string, step: string): ItemKey => ({
    pk: profilePartition(profileId),
    sk: sortKey('WAIT', ext(execution), ext(step)),
  }),
  /** What one event did for one scenario it triggers (started, or why not): one item per pair. */
  entryOutcome: (profileId: string, eventId: string, scenario: string): ItemKey => ({
    pk: profilePartition(profileId),
    sk: sortKey('ENTRY', ext(eventId), ext(scenario)),
  }),
  /**
   * How far the local platform has delivered a scenario's schedule or anniversary (on AWS,
   * EventBridge Scheduler keeps this): a restart finishes what a stop interrupted.
   */
  clockCursor: (scenario: string): ItemKey => ({ pk: partitionKey('CLOCK', ext(scenario)), sk: 'CURSOR' }),
  /** Bounces and complaints arrive with an address, not a profile: keyed by its hash, never in clear. */
  suppression: (channel: string, address: string): ItemKey => ({
    pk: `SUPPRESSED#${channel}#${addressHash(address)}`,
    sk: 'SUPPRESSED',
  }),
  /**
   * Rejected events may have no valid profile; spread over 16 shards per day to avoid a hot
   * partition. The customer is in the key too: ids are unique on EventBridge, not in a `simulate`
   * file, where two customers' events of one id rejected at one instant kept only the last.
   */
  rejected: (day: string, eventId: string, time: string, profileId = ''): ItemKey => ({
    pk: rejectedPartition(day, shardOf(eventId, REJECTED_SHARDS)),
    sk: sortKey(time, ext(eventId), ext(profileId)),
  }),
} as const;

export const REJECTED_SHARDS = 16;

export const SORT_PREFIX = {
  /** The profile item's whole sort key: a scan by it finds every customer. */
  profile: 'PROFILE',
  event: 'EVENT#',
  journey: 'JOURNEY#',
  /** Journeys current and superseded: both kinds of key, and no other, start with it. */
  anyJourney: 'JOURNEY',
  ledger: 'LEDGER#',
  waiting: 'WAIT#',
  entryOutcome: 'ENTRY#',
} as const;

export function rejectedPartition(day: string, shard: number): string {
  return `REJECTED#${day}#${shard}`;
}

export function profilePartitionKey(profileId: string): string {
  return profilePartition(profileId);
}

export function addressHash(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex');
}

/** Which of `shards` a text falls in, by its hash: the same on every machine and run. */
export function shardOf(text: string, shards: number): number {
  return shardHash(text) % shards;
}

/** The number shardOf takes the remainder of: kept by whoever shards the same text often. */
export function shardHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
