import type { PutEventsRequestEntry as SdkPutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import type { EventPattern } from '../../language/event-pattern.ts';
import { type Clock, systemClock } from '../../shared/clock/clock.ts';
import { type AwsJsonServer, startAwsJsonServer } from './aws-json-server.ts';
import { type BusEvent, BusEventInput } from './bus-event.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import {
  DEFAULT_DELIVERY_RETRY,
  type DeliveryRetry,
  describeFailedDelivery,
  type FailedDelivery,
  retryDelayMs,
} from './delivery-retry.ts';
import {
  depthFailure,
  type EventStamp,
  entryToEvent,
  inputToEvent,
  isEntryFailure,
} from './entry-to-event.ts';
import { type BusBacklog, type EventJournal, type JournaledEvent, MemoryJournal } from './event-journal.ts';
import { putEvents } from './put-events-operation.ts';
import { PUT_EVENTS_TARGET, PutEventsRequestEntry } from './put-events-wire.ts';
import { type Deliver, type Subscription, Subscriptions } from './subscriptions.ts';

export interface LocalBusProps {
  /** The loopback port to listen on; 0 lets the system choose one (read it from `bus.port`). */
  readonly port: number;
  /** Stamps events that carry no `Time`. @default systemClock */
  readonly clock?: Clock;
  /** The `region` of every event. @default 'us-east-1' */
  readonly region?: string;
  /**
   * Answer PutEvents only once every matching subscriber has handled the entries, so a test can
   * assert right after `send` resolves. A subscriber must then not itself await a PutEvents to this
   * bus, since its event would queue behind the delivery that waits for it.
   * @default false
   */
  readonly deliverBeforeResponse?: boolean;
  /** Told about every failed attempt of a subscriber (it threw or rejected). @default a line on stderr */
  readonly onDeliveryError?: (error: unknown, failed: FailedDelivery) => void;
  /** Event ids. @default crypto.randomUUID */
  readonly newId?: () => string;
  /**
   * Keeps every accepted event until all its subscribers handled it. A file journal
   * (file-journal.ts) makes delivery survive a crash; the bus owns it and closes it.
   * @default a MemoryJournal: nothing outlives the process
   */
  readonly journal?: EventJournal;
  /** @default DEFAULT_DELIVERY_RETRY */
  readonly retry?: DeliveryRetry;
}

/**
 * What `publish` takes: an EventBridge envelope (bookkeeping fields optional) or a PutEvents entry
 * typed as the SDK types it, so code that builds entries for AWS can publish them in-process.
 */
export type PublishInput = BusEventInput | SdkPutEventsRequestEntry;

export interface LocalBus {
  /** `http://127.0.0.1:<port>`: pass it as `endpoint` to `new EventBridgeClient(...)`. */
  readonly endpoint: string;
  readonly port: number;
  /**
   * Delivers every later event matching `pattern` (EventBridge syntax) to `deliver`.
   * Names are unique; returns a function that unsubscribes.
   */
  subscribe(name: string, pattern: EventPattern, deliver: Deliver): () => void;
  /**
   * Publishes from inside the process. Resolves with the event as subscribers receive it, once it
   * is journaled and queued (use `idle()` to wait for delivery); rejects if the input is not a
   * valid event.
   */
  publish(input: PublishInput): Promise<BusEvent>;
  /**
   * Starts delivering the events the journal held from before this start (accepted, never
   * delivered to all their subscribers), to the subscriptions that match them now, before any
   * event accepted since. Call it once the subscriptions are in place; until then those events
   * and every later one wait. Does nothing when the journal held nothing.
   */
  resume(): void;
  /** How many events accepted before this start are being delivered again. */
  readonly redelivered: number;
  /** What is accepted and not yet handled by every subscriber. */
  backlog(): BusBacklog;
  /** Resolves once every queued event has been delivered, including events published meanwhile. */
  idle(): Promise<void>;
  /**
   * Stops listening, then waits for queued deliveries to finish (a subscriber still failing is
   * parked at once rather than retried), and closes the journal.
   */
  close(): Promise<void>;
}

/** EventBridge's bodies are at most 256 KB of entries; this leaves room for JSON escaping. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The local stand-in for an EventBridge bus: the official SDK publishes to it over HTTP, in-process
 * code through `publish`, and subscribers receive the events their pattern matches, in order.
 * One local bus answers for every `EventBusName`, since a deployed app names its bus from config.
 */
export async function startLocalBus(props: LocalBusProps): Promise<LocalBus> {
  const stamp: EventStamp = {
    clock: props.clock ?? systemClock,
    region: props.region ?? 'us-east-1',
    ...(props.newId === undefined ? {} : { newId: props.newId }),
  };
  const reportError = props.onDeliveryError ?? reportOnStderr;
  const retry = props.retry ?? DEFAULT_DELIVERY_RETRY;
  const journal = props.journal ?? new MemoryJournal();
  const subscriptions = new Subscriptions();
  const queue = new DeliveryQueue();
  const closing = new AbortController();
  let closed = false;

  const report = (error: unknown, failed: FailedDelivery): void => {
    try {
      reportError(error, failed);
    } catch {
      // A failing error reporter must not stop delivery to the other subscribers either.
    }
  };

  /** Resolves with the subscriptions that failed, each with its error. */
  const attempt = async (targets: readonly Subscription[], event: BusEvent) => {
    const outcomes = await Promise.all(
      targets.map(async (subscription) => {
        try {
          // A copy each, so a subscriber that edits its event cannot change what the next one sees.
          await subscription.deliver(structuredClone(event));
          return undefined;
        } catch (error) {
          return { subscription, error };
        }
      }),
    );
    return outcomes.filter((outcome) => outcome !== undefined);
  };

  /**
   * At least once: the event leaves the journal only when every target resolved. Targets that
   * failed are tried again, alone, after a growing wait; after the last attempt (or once the bus
   * is closing) the event is parked in the journal for the next start.
   */
  const deliver = async ({ sequence, event }: JournaledEvent, targets: readonly Subscription[]) => {
    let remaining = targets;
    for (let attempted = 1; ; attempted += 1) {
      const failures = await attempt(remaining, event);
      if (failures.length === 0) {
        // Not awaited: the next delivery need not wait for this line. The journal writes its lines
        // in the order asked and `close()` drains them, and a lost line only means a redelivery.
        void journal.delivered(sequence).catch(reportJournalError);
        return;
      }
      const last = attempted >= retry.attempts || closing.signal.aborted;
      const retryInMs = retryDelayMs(retry, attempted);
      for (const { subscription, error } of failures) {
        report(error, {
          subscription: subscription.name,
          event,
          attempt: attempted,
          attempts: retry.attempts,
          next: last ? { kind: 'parked' } : { kind: 'retry', retryInMs },
        });
      }
      if (last) {
        const failure = {
          subscriptions: failures.map(({ subscription }) => subscription.name),
          attempts: attempted,
          reason: failures
            .map(({ error }) => (error instanceof Error ? error.message : String(error)))
            .join('; '),
        };
        return journal.parked(sequence, failure).catch(reportJournalError);
      }
      remaining = failures.map(({ subscription }) => subscription);
      await pause(retryInMs, closing.signal);
    }
  };

  const enqueue = (journaled: JournaledEvent): Promise<void> => {
    const targets = subscriptions.matching(journaled.event);
    return queue.push(() => deliver(journaled, targets));
  };

  // Events from before this start wait for `resume()`, when the subscriptions exist to match them.
  const unfinished = journal.unfinished();
  let release: () => void = () => undefined;
  if (unfinished.length > 0) {
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    void queue.push(() => released);
    for (const journaled of unfinished) {
      void queue.push(() => deliver(journaled, subscriptions.matching(journaled.event)));
    }
  }

  const accept = async (events: readonly BusEvent[]): Promise<Promise<void>[]> => {
    const journaled = await journal.accept(events);
    return journaled.map(enqueue);
  };

  let server: AwsJsonServer;
  let stopping: Promise<void> | undefined;
  try {
    server = await startAwsJsonServer({
      port: props.port,
      maxBodyBytes: MAX_BODY_BYTES,
      operations: {
        [PUT_EVENTS_TARGET]: (input) =>
          putEvents(input, stamp, async (events) => {
            const delivered = await accept(events);
            if (props.deliverBeforeResponse) await Promise.all(delivered);
          }),
      },
    });
  } catch (error) {
    await journal.close();
    throw error;
  }

  return {
    endpoint: server.endpoint,
    port: server.port,
    subscribe: (name, pattern, deliver) => subscriptions.add(name, pattern, deliver),
    async publish(input) {
      if (closed) throw new Error('the local bus is closed');
      const event = toEvent(input, stamp);
      await accept([event]);
      return event;
    },
    resume: () => release(),
    redelivered: unfinished.length,
    backlog: () => journal.backlog(),
    idle: () => queue.idle(),
    close() {
      stopping ??= (async () => {
        closed = true;
        closing.abort();
        await server.close();
        release();
        await queue.idle();
        await journal.close();
      })();
      return stopping;
    },
  };
}

/** Resolves after `milliseconds`, or at once when `signal` aborts. */
function pause(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const JsonObject = z.record(z.string(), z.unknown());
const ENTRY_KEYS = ['Source', 'DetailType', 'Detail'];

/** PutEvents entries are told apart by their capitalised keys; anything else must be an envelope. */
function toEvent(input: unknown, stamp: EventStamp): BusEvent {
  const object = JsonObject.safeParse(input);
  if (object.success && ENTRY_KEYS.some((key) => Object.hasOwn(object.data, key))) {
    const entry = PutEventsRequestEntry.safeParse(input);
    if (!entry.success) throw new Error(`not a PutEvents entry:\n${z.prettifyError(entry.error)}`);
    const result = entryToEvent(entry.data, stamp);
    if (isEntryFailure(result)) throw new Error(`${result.ErrorCode}: ${result.ErrorMessage}`);
    return result;
  }
  const envelope = BusEventInput.safeParse(input);
  if (!envelope.success) throw new Error(`not an event envelope:\n${z.prettifyError(envelope.error)}`);
  // Refused as PutEvents refuses it: deeper, it overflowed the stack where the bus copies it for
  // each subscriber, and the event was parked with no word to its publisher.
  const tooDeep = depthFailure(envelope.data.detail);
  if (tooDeep !== undefined)
    throw new Error(`event ${envelope.data.id ?? '(no id)'}: ${tooDeep.ErrorCode}: ${tooDeep.ErrorMessage}`);
  return inputToEvent(envelope.data, stamp);
}

function reportOnStderr(error: unknown, failed: FailedDelivery): void {
  process.stderr.write(`${describeFailedDelivery(error, failed)}\n`);
}

/** A lost `delivered` or `parked` line only means a redelivery at the next start: said, not thrown. */
function reportJournalError(error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`local bus: could not write to the bus journal: ${reason}\n`);
}
