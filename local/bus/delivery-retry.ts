import * as z from 'zod';
import type { BusEvent } from './bus-event.ts';

/**
 * How the bus retries a subscriber that threw or rejected. Delivery is in order, so a retrying
 * subscriber holds up the events behind it: the attempts and their delays are bounded, and after
 * the last attempt the event is parked (kept in the journal, delivered again at the next start)
 * rather than dropped, so one broken event cannot stall the bus or be lost.
 *
 * An attempt itself has no time limit: a handler cannot be cancelled, and starting a second
 * attempt while the first still runs would process one event twice at the same moment.
 */
export const DeliveryRetry = z.object({
  /** Attempts in all, the first included. */
  attempts: z.number().int().positive(),
  /** The wait after the first failure; it doubles after each further one. */
  firstDelayMs: z.number().nonnegative(),
  /** No wait is longer than this. */
  maxDelayMs: z.number().nonnegative(),
});
export type DeliveryRetry = z.infer<typeof DeliveryRetry>;

/** Five attempts over about 1.5 s: long enough for a store that restarts, short enough to keep order. */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetry = { attempts: 5, firstDelayMs: 100, maxDelayMs: 1_000 };

/** The wait after the `failedAttempts`-th failure (1-based). */
export function retryDelayMs(retry: DeliveryRetry, failedAttempts: number): number {
  return Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (failedAttempts - 1));
}

/** One failed attempt, as the bus reports it. */
export type FailedDelivery = {
  readonly subscription: string;
  readonly event: BusEvent;
  /** 1-based. */
  readonly attempt: number;
  readonly attempts: number;
  /** Retried after `retryInMs`, or parked until the next start. */
  readonly next: { readonly kind: 'retry'; readonly retryInMs: number } | { readonly kind: 'parked' };
};

/** The customer an event is about, for error lines: `detail.profileId` when it is text. */
function customerOf(event: BusEvent): string {
  const profileId = event.detail.profileId;
  return typeof profileId === 'string' && profileId !== '' ? profileId : '(no detail.profileId)';
}

/** One line naming the subscriber, the event id, its detail-type and customer, and what happens next. */
export function describeFailedDelivery(error: unknown, failed: FailedDelivery): string {
  const reason = error instanceof Error ? error.message : String(error);
  const { event } = failed;
  const next =
    failed.next.kind === 'retry'
      ? `retrying in ${failed.next.retryInMs} ms`
      : 'parked in the bus journal, delivered again at the next start';
  return (
    `local bus: "${failed.subscription}" failed on event ${event.id} (${event['detail-type']}, customer ${customerOf(event)}), ` +
    `attempt ${failed.attempt} of ${failed.attempts}: ${reason}; ${next}`
  );
}
