import type { PutEventsRequestEntry as SdkPutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { type Clock, systemClock } from '../../shared/clock/clock.ts';
import type { EventPattern } from '../../state-machines/language/event-pattern.ts';
import { startAwsJsonServer } from './aws-json-server.ts';
import { type BusEvent, BusEventInput } from './bus-event.ts';
import { DeliveryQueue } from './delivery-queue.ts';
import { type EventStamp, entryToEvent, inputToEvent, isEntryFailure } from './entry-to-event.ts';
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
  /** Told about every subscriber that threw or rejected. @default a line on stderr */
  readonly onDeliveryError?: (error: unknown, failed: FailedDelivery) => void;
  /** Event ids. @default crypto.randomUUID */
  readonly newId?: () => string;
}

export interface FailedDelivery {
  readonly subscription: string;
  readonly event: BusEvent;
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
   * is queued (use `idle()` to wait for delivery); rejects if the input is not a valid event.
   */
  publish(input: PublishInput): Promise<BusEvent>;
  /** Resolves once every queued event has been delivered, including events published meanwhile. */
  idle(): Promise<void>;
  /** Stops listening, then waits for queued deliveries to finish. */
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
  const subscriptions = new Subscriptions();
  const queue = new DeliveryQueue();
  let closed = false;

  const deliverTo = async (subscription: Subscription, event: BusEvent): Promise<void> => {
    try {
      // A copy each, so a subscriber that edits its event cannot change what the next one sees.
      await subscription.deliver(structuredClone(event));
    } catch (error) {
      try {
        reportError(error, { subscription: subscription.name, event });
      } catch {
        // A failing error reporter must not stop delivery to the other subscribers either.
      }
    }
  };

  const enqueue = (event: BusEvent): Promise<void> => {
    const targets = subscriptions.matching(event);
    return queue.push(async () => {
      await Promise.all(targets.map((subscription) => deliverTo(subscription, event)));
    });
  };

  const server = await startAwsJsonServer({
    port: props.port,
    maxBodyBytes: MAX_BODY_BYTES,
    operations: {
      [PUT_EVENTS_TARGET]: (input) =>
        putEvents(input, stamp, async (events) => {
          const delivered = events.map(enqueue);
          if (props.deliverBeforeResponse) await Promise.all(delivered);
        }),
    },
  });

  return {
    endpoint: server.endpoint,
    port: server.port,
    subscribe: (name, pattern, deliver) => subscriptions.add(name, pattern, deliver),
    async publish(input) {
      if (closed) throw new Error('the local bus is closed');
      const event = toEvent(input, stamp);
      void enqueue(event);
      return event;
    },
    idle: () => queue.idle(),
    async close() {
      closed = true;
      await server.close();
      await queue.idle();
    },
  };
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
  return inputToEvent(envelope.data, stamp);
}

function reportOnStderr(error: unknown, failed: FailedDelivery): void {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `local bus: "${failed.subscription}" failed on event ${failed.event.id} (${failed.event['detail-type']}): ${reason}\n`,
  );
}
