import * as z from 'zod/mini';
import { SuppressionReason } from '../consent/suppression-store.ts';
import { EventEnvelope } from '../events/envelope.ts';

export const DeliveryDetailType = z.enum([
  'email.delivered',
  'email.opened',
  'email.clicked',
  'email.bounced',
  'email.complained',
  'sms.delivered',
  'sms.failed',
]);
export type DeliveryDetailType = z.infer<typeof DeliveryDetailType>;

/**
 * The detail of a delivery event: the ids the send step tagged its message with, and non-personal
 * facts. Never an address or a phone number, because these events reach execution histories.
 */
export const DeliveryDetail = z.strictObject({
  profileId: z.string().check(z.minLength(1)),
  scenario: z.string().check(z.minLength(1)),
  step: z.string().check(z.minLength(1)),
  variant: z.optional(z.string().check(z.minLength(1))),
  messageId: z.string().check(z.minLength(1)),
  /** The clicked link without its query string or fragment, which may carry personal data. */
  link: z.optional(z.string()),
  /** SES's `Permanent`, `Transient` or `Undetermined`. */
  bounceType: z.optional(z.string()),
  /** The SMS event type of a failure, e.g. `TEXT_BLOCKED`. */
  status: z.optional(z.string()),
});
export type DeliveryDetail = z.infer<typeof DeliveryDetail>;

/** The ids a send step attaches to every message (see attributionTags in shared/send). */
export const Attribution = z.pick(DeliveryDetail, {
  profileId: true,
  scenario: true,
  step: true,
  variant: true,
});
export type Attribution = z.infer<typeof Attribution>;

export const Suppression = z.object({
  channel: z.literal('email'),
  address: z.string().check(z.minLength(1)),
  reason: SuppressionReason,
  at: z.string(),
});
export type Suppression = z.infer<typeof Suppression>;

/** A provider event becomes Parcours events and suppressions, or is ignored with a reason. */
export type ProviderMapping =
  | { readonly events: EventEnvelope[]; readonly suppressions: Suppression[] }
  | { readonly ignored: string };

export function deliveryEvent(event: {
  id: string;
  source: string;
  detailType: DeliveryDetailType;
  time: string;
  detail: DeliveryDetail;
}): EventEnvelope {
  return EventEnvelope.parse({
    id: event.id,
    source: event.source,
    'detail-type': event.detailType,
    time: event.time,
    // Parsed strictly, so nothing the provider sent beyond these fields can slip into the event.
    detail: DeliveryDetail.parse(event.detail),
  });
}

/** The most precise valid time available: the provider's own timestamp, else the envelope's. */
export function eventTime(preferred: string | undefined, fallback: string): string {
  return preferred !== undefined && z.iso.datetime({ offset: true }).safeParse(preferred).success
    ? preferred
    : fallback;
}
