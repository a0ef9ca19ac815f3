import * as z from 'zod';
import { assertUnreachable } from '../../state-machines/model/step-tree.ts';
import { BusEvent } from './bus-event.ts';

/**
 * Where the local bus keeps what it accepted until every subscriber has handled it. PutEvents is
 * answered (and `publish` resolves) only once `accept` has resolved, so an event the caller saw
 * acknowledged is in the journal; it leaves the journal once delivered, or stays there, parked,
 * when its subscribers kept failing, to be delivered again at the next start.
 */
export interface EventJournal {
  /** Events accepted before this start and never delivered to all their subscribers, oldest first. */
  unfinished(): readonly JournaledEvent[];
  /** Resolves once the events are kept as durably as this journal keeps anything. */
  accept(events: readonly BusEvent[]): Promise<JournaledEvent[]>;
  /** Every subscriber has handled the event: it need never be delivered again. */
  delivered(sequence: number): Promise<void>;
  /** Some subscribers kept failing: the event stays, and the next start delivers it again. */
  parked(sequence: number, failure: ParkedFailure): Promise<void>;
  backlog(): BusBacklog;
  close(): Promise<void>;
}

export type JournaledEvent = { readonly sequence: number; readonly event: BusEvent };

export const ParkedFailure = z.object({
  subscriptions: z.array(z.string()),
  attempts: z.number().int().positive(),
  reason: z.string(),
});
export type ParkedFailure = z.infer<typeof ParkedFailure>;

/** What is still to deliver: the dev server's health shows it, and tests wait for it to reach zero. */
export const BusBacklog = z.object({
  /** Accepted and not yet handled by every subscriber (parked events included). */
  undelivered: z.number().int().nonnegative(),
  /** Given up on in this run after repeated failures; delivered again at the next start. */
  parked: z.number().int().nonnegative(),
});
export type BusBacklog = z.infer<typeof BusBacklog>;

const Sequence = z.number().int().nonnegative();

/** One line of a journal file. */
export const JournalRecord = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('accepted'),
    sequence: Sequence,
    event: BusEvent,
  }),
  z.object({ kind: z.literal('delivered'), sequence: Sequence }),
  z.object({ kind: z.literal('parked'), sequence: Sequence, failure: ParkedFailure }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;

/** The events not yet delivered, in acceptance order, and which of them are parked. */
export class PendingEvents {
  private readonly events = new Map<number, { event: BusEvent; parked?: ParkedFailure }>();

  apply(record: JournalRecord): void {
    switch (record.kind) {
      case 'accepted':
        this.events.set(record.sequence, { event: record.event });
        return;
      case 'delivered':
        this.events.delete(record.sequence);
        return;
      case 'parked': {
        const pending = this.events.get(record.sequence);
        if (pending !== undefined) pending.parked = record.failure;
        return;
      }
      default:
        assertUnreachable(record);
    }
  }

  /** Oldest first: a Map iterates in insertion order, and sequences are inserted rising. */
  list(): JournaledEvent[] {
    return [...this.events].map(([sequence, { event }]) => ({ sequence, event }));
  }

  /** The records that rebuild this state: what a compacted journal holds. */
  records(): JournalRecord[] {
    return [...this.events].flatMap(([sequence, { event, parked }]): JournalRecord[] => [
      { kind: 'accepted', sequence, event },
      ...(parked === undefined ? [] : [{ kind: 'parked' as const, sequence, failure: parked }]),
    ]);
  }

  backlog(): BusBacklog {
    let parked = 0;
    for (const pending of this.events.values()) if (pending.parked !== undefined) parked += 1;
    return { undelivered: this.events.size, parked };
  }
}

/**
 * Without a data folder (simulation, tests) nothing outlives the process, so the journal is a map:
 * it keeps the backlog figures and costs the bus no I/O.
 */
export class MemoryJournal implements EventJournal {
  private readonly pending = new PendingEvents();
  private next = 0;

  unfinished(): readonly JournaledEvent[] {
    return [];
  }

  async accept(events: readonly BusEvent[]): Promise<JournaledEvent[]> {
    return events.map((event) => {
      const sequence = this.next++;
      this.pending.apply({ kind: 'accepted', sequence, event });
      return { sequence, event };
    });
  }

  async delivered(sequence: number): Promise<void> {
    this.pending.apply({ kind: 'delivered', sequence });
  }

  async parked(sequence: number, failure: ParkedFailure): Promise<void> {
    this.pending.apply({ kind: 'parked', sequence, failure });
  }

  backlog(): BusBacklog {
    return this.pending.backlog();
  }

  async close(): Promise<void> {}
}
