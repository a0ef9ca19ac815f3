import * as z from 'zod';
import { IngestReport } from '../../shared/ingest/ingest-report.ts';
import { daysBetween } from '../../shared/ingest/rejected-store.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { keys, SORT_PREFIX } from '../../shared/store/keys.ts';

/** What became of one published event, as `GET /events/<eventId>` answers and send-event prints. */
export const EventStatus = z.discriminatedUnion('status', [
  z.object({ eventId: z.string(), status: z.literal('processed') }),
  /** The same event id was processed before: this delivery changed nothing. */
  z.object({ eventId: z.string(), status: z.literal('duplicate') }),
  z.object({ eventId: z.string(), status: z.literal('rejected'), reason: z.string() }),
  /** Not handled yet, or being retried after a failure (`note` says which). */
  z.object({ eventId: z.string(), status: z.literal('pending'), note: z.string().optional() }),
]);
export type EventStatus = z.infer<typeof EventStatus>;

/** Enough for every event of a long session; the store answers for older ones. */
const REMEMBERED_EVENTS = 10_000;
/** How far back the rejected store is searched for an event the board never saw: one Query per UTC day. */
const REJECTED_LOOKBACK_MS = 2 * 86_400_000;

/**
 * The ingest outcome of the events the running platform handled, by event id, in memory and
 * bounded (the oldest are forgotten first). It answers at once for every event this process saw
 * (`pending` from its delivery until ingest reports); the store answers only for the rest: the
 * rejected store of the recent days, and the customer's partition when the caller says whose
 * event it was.
 */
export class EventStatusBoard {
  private readonly statuses = new Map<string, EventStatus>();

  /** Given to the platform as `onIngested`: the handler's report, or what it threw. */
  readonly onIngested = (eventId: string, outcome: { report: unknown } | { error: unknown }): void => {
    this.remember(statusFromOutcome(eventId, outcome));
  };

  /** The bus handed the event to the platform: it is pending until ingest reports, never unknown. */
  readonly onDelivered = (eventId: string): void => {
    if (!this.statuses.has(eventId)) this.remember({ eventId, status: 'pending' });
  };

  remember(status: EventStatus): void {
    this.statuses.delete(status.eventId);
    this.statuses.set(status.eventId, status);
    if (this.statuses.size > REMEMBERED_EVENTS) {
      const oldest = this.statuses.keys().next();
      if (oldest.done !== true) this.statuses.delete(oldest.value);
    }
  }

  async statusOf(
    eventId: string,
    store: { store: ItemStore; now: Date; profileId?: string },
  ): Promise<EventStatus> {
    const known = this.statuses.get(eventId);
    if (known !== undefined) return known;
    const rejected = await rejectedRecently(store.store, eventId, store.now);
    if (rejected !== undefined) return { eventId, status: 'rejected', reason: rejected };
    if (store.profileId === undefined)
      return {
        eventId,
        status: 'pending',
        note: "not seen since this server started: add ?profileId=<profileId> to look among the customer's events",
      };
    if (await isProcessed(store.store, store.profileId, eventId)) return { eventId, status: 'processed' };
    return {
      eventId,
      status: 'pending',
      note: "not among the customer's processed events: not handled yet, or never published",
    };
  }
}

function statusFromOutcome(eventId: string, outcome: { report: unknown } | { error: unknown }): EventStatus {
  if ('error' in outcome) {
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    return { eventId, status: 'pending', note: `ingest failed and retries it: ${reason}` };
  }
  const report = IngestReport.safeParse(outcome.report);
  if (!report.success) return { eventId, status: 'pending', note: 'ingest gave no report' };
  const rejected = report.data.rejected.find((entry) => entry.eventId === eventId) ?? report.data.rejected[0];
  if (rejected !== undefined) return { eventId, status: 'rejected', reason: rejected.reason };
  const failed = report.data.failed[0];
  if (failed !== undefined)
    return { eventId, status: 'pending', note: `ingest failed and retries it: ${failed.error}` };
  if (report.data.accepted > 0) return { eventId, status: 'processed' };
  if (report.data.duplicates > 0) return { eventId, status: 'duplicate' };
  return { eventId, status: 'pending', note: 'ingest reported nothing for it' };
}

/**
 * Why the event was rejected, if it was within the lookback. The rejected store shards each day
 * by event id, so one Query per day reads the one shard that can hold it.
 */
async function rejectedRecently(store: ItemStore, eventId: string, now: Date): Promise<string | undefined> {
  const days = daysBetween(new Date(now.getTime() - REJECTED_LOOKBACK_MS), now);
  for (const day of days.reverse()) {
    // The partition depends on the day and the event id only; the received time is not known here.
    const items = await store.query(keys.rejected(day, eventId, '').pk);
    const found = RejectedReason.safeParse(items.find((item) => item.eventId === eventId));
    if (found.success) return found.data.reason;
  }
  return undefined;
}

const RejectedReason = z.object({ reason: z.string() });
const StoredEventId = z.object({ event: z.object({ id: z.string() }) });

/**
 * Whether ingest processed the event to the end: it is stored in the customer's partition and
 * marked `processedAt`. Stored without the mark, a delivery is still working on it (or crashed).
 */
async function isProcessed(store: ItemStore, profileId: string, eventId: string): Promise<boolean> {
  const items = await store.query(keys.profile(profileId).pk, { prefix: SORT_PREFIX.event });
  return items.some(
    (item) => StoredEventId.safeParse(item).data?.event.id === eventId && item.processedAt !== undefined,
  );
}
