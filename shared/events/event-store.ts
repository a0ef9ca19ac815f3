import { EXPIRES_AT, epochSeconds } from '../store/expiry.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { EventEnvelope } from './envelope.ts';

const EVENT_RETENTION_DAYS = 90;

/**
 * How a delivery finds its event: `first` when this delivery stored it; `unfinished` when an
 * earlier delivery stored it but never marked it processed (it crashed or failed midway, or is
 * still running); `processed` when it was handled to the end.
 */
export type EventRecording = 'first' | 'unfinished' | 'processed';

/**
 * How a delivery found its event, when the event first arrived (the first delivery's time), and
 * the notes an earlier delivery kept on it (see keepEventNotes), as stored: the caller reads them.
 */
export type RecordedEvent = {
  readonly recording: EventRecording;
  readonly firstArrival: Date;
  readonly notes: unknown;
  /** An earlier delivery saved the event's aggregates (see markAggregatesApplied). */
  readonly aggregatesApplied: boolean;
};

/**
 * Stores an event in its customer's partition once. An `unfinished` event is processed again:
 * every effect of ingest is idempotent, so finishing what a crashed delivery started is safe, and
 * treating it as a duplicate would lose it.
 */
export async function recordEvent(store: ItemStore, event: EventEnvelope, now: Date): Promise<RecordedEvent> {
  const first = await store.put(
    {
      ...eventKey(event),
      event,
      receivedAt: now.toISOString(),
      [EXPIRES_AT]: epochSeconds(now) + EVENT_RETENTION_DAYS * 86_400,
    },
    { condition: when.itemAbsent },
  );
  if (first) return { recording: 'first', firstArrival: now, notes: undefined, aggregatesApplied: false };
  const item = await store.get(eventKey(event), {
    attributes: ['processedAt', 'receivedAt', NOTES, AGGREGATES_APPLIED],
  });
  const received = typeof item?.receivedAt === 'string' ? new Date(item.receivedAt) : now;
  return {
    recording: item?.processedAt === undefined ? 'unfinished' : 'processed',
    firstArrival: Number.isNaN(received.getTime()) ? now : received,
    notes: item?.[NOTES],
    aggregatesApplied: item?.[AGGREGATES_APPLIED] === true,
  };
}

/**
 * Marks the stored event's aggregates saved. The aggregates remember the last 100 events they
 * counted, which a redelivery soon after a crash meets; one from the on-failure queue can come
 * after 100 more of the customer's events, and counted the order again.
 */
export async function markAggregatesApplied(store: ItemStore, event: EventEnvelope): Promise<void> {
  await store.set(eventKey(event), { [AGGREGATES_APPLIED]: true });
}

const AGGREGATES_APPLIED = 'aggregatesApplied';

/**
 * Keeps notes on a stored event (what its processing could not keep whole, for one), so that a
 * delivery that finishes it after a crash reports them: by then what they say is done, and it would
 * not happen again to be noticed.
 */
export async function keepEventNotes(store: ItemStore, event: EventEnvelope, notes: unknown): Promise<void> {
  await store.set(eventKey(event), { [NOTES]: notes });
}

const NOTES = 'notes';

/** Marks an event handled to the end, so later deliveries of it are duplicates. */
export async function markProcessed(store: ItemStore, event: EventEnvelope, now: Date): Promise<void> {
  await store.set(eventKey(event), { processedAt: now.toISOString() });
}

/** A customer's events from a time on, oldest first, however many pages they take. */
export async function eventsSince(
  store: ItemStore,
  profileId: string,
  since: string,
): Promise<EventEnvelope[]> {
  const items = await store.query(keys.profile(profileId).pk, {
    from: `${SORT_PREFIX.event}${since}`,
    to: `${SORT_PREFIX.event}\uffff`,
  });
  return items.map((item) => EventEnvelope.parse(item.event));
}

function eventKey(event: EventEnvelope) {
  return keys.event(event.detail.profileId, new Date(event.time).toISOString(), event.id);
}
