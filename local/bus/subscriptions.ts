import { EventPattern } from '../../language/event-pattern.ts';
import { matchesPattern } from '../../shared/events/pattern-match.ts';
import type { BusEvent } from './bus-event.ts';

/**
 * Called at least once per matching event: resolving acknowledges it; throwing or rejecting has
 * it retried, then parked for the next start (delivery-retry.ts). Must be idempotent by event id.
 */
export type Deliver = (event: BusEvent) => Promise<void>;

export interface Subscription {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly deliver: Deliver;
}

/** The bus's rules: a named pattern and the target it delivers to. */
export class Subscriptions {
  private readonly byName = new Map<string, Subscription>();

  /**
   * The pattern is validated with the same schema as the scenarios' triggers, so a rule the local
   * bus accepts is one EventBridge accepts too. Returns a function that removes the subscription.
   */
  add(name: string, pattern: EventPattern, deliver: Deliver): () => void {
    if (this.byName.has(name)) throw new Error(`the local bus already has a subscription named "${name}"`);
    const parsed = EventPattern.safeParse(pattern);
    if (!parsed.success) {
      throw new Error(`subscription "${name}" has an invalid event pattern: ${parsed.error.message}`);
    }
    const subscription: Subscription = { name, pattern: parsed.data, deliver };
    this.byName.set(name, subscription);
    return () => {
      if (this.byName.get(name) === subscription) this.byName.delete(name);
    };
  }

  /** Matched when the event is accepted, as EventBridge does: a later subscriber does not see it. */
  matching(event: BusEvent): Subscription[] {
    return [...this.byName.values()].filter((subscription) => matchesPattern(subscription.pattern, event));
  }
}
