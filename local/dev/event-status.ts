import { z } from 'zod';
import { IngestReport } from '../../shared/ingest/ingest-report.ts';
import { rejectedBetween } from '../../shared/ingest/rejected-store.ts';
import { keys, SORT_PREFIX } from '../../shared/store/keys.ts';
import { queryAll } from '../../shared/store/query.ts';
import type { Table } from '../../shared/store/table.ts';

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
/** How far back the rejected store is searched for an event the board no longer holds. */
const REJECTED_LOOKBACK_MS = 2 * 86_400_000;

/**
 * The ingest outcome of the events the running platform handled, by event id, in memory and
 * bounded (the oldest are forgotten first). It answers at once for what this process saw; the
 * store answers for the rest: the rejected store, and the customer's partition when the caller
 * says whose event it was.
 */
export class EventStatusBoard {
  private readonly statuses = new Map<string, EventStatus>();

  /** Given to the platform as `onIngested`: the handler's report, or what it threw. */
  readonly onIngested = (eventId: string, outcome: { report: unknown } | { error: unknown }): void => {
    this.remember(statusFromOutcome(eventId, outcome));
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
    store: { table: Table; now: Date; profileId?: string },
  ): Promise<EventStatus> {
    const known = this.statuses.get(eventId);
    if (known !== undefined && known.status !== 'pending') return known;
    const from = new Date(store.now.getTime() - REJECTED_LOOKBACK_MS);
    const rejected = (await rejectedBetween(store.table, from, store.now)).find(
      (event) => event.eventId === eventId,
    );
    if (rejected !== undefined) return { eventId, status: 'rejected', reason: rejected.reason };
    if (store.profileId !== undefined && (await isRecorded(store.table, store.profileId, eventId))) {
      return { eventId, status: 'processed' };
    }
    return known ?? { eventId, status: 'pending' };
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

/** Whether the event is stored in the customer's partition, where ingest records what it processed. */
async function isRecorded(table: Table, profileId: string, eventId: string): Promise<boolean> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    FilterExpression: '#event.#id = :id',
    ExpressionAttributeNames: { '#event': 'event', '#id': 'id' },
    ExpressionAttributeValues: {
      ':pk': keys.profile(profileId).pk,
      ':prefix': SORT_PREFIX.event,
      ':id': eventId,
    },
  });
  return items.length > 0;
}
