import * as z from 'zod/mini';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import { decodeTagValue } from '../channels/tag-encoding.ts';
import { type Attribution, deliveryEvent, eventTime, type ProviderMapping } from './delivery-mapping.ts';

/**
 * An AWS End User Messaging SMS delivery receipt as EventBridge delivers it. The detail is the
 * SMS event record; `context` is the map the send step passed to SendTextMessage.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/monitor-event-bridge.html
 */
export const SmsEvent = z.looseObject({
  id: z.string().check(z.minLength(1)),
  source: z.literal('aws.sms-voice'),
  'detail-type': z.string(),
  time: z.iso.datetime({ offset: true }),
  detail: z.looseObject({
    eventType: z.string(),
    messageId: z.string().check(z.minLength(1)),
    eventTimestamp: z.optional(z.number()),
    isFinal: z.optional(z.boolean()),
    context: z._default(z.record(z.string(), z.string()), {}),
  }),
});
export type SmsEvent = z.infer<typeof SmsEvent>;

const TEXT_DETAIL_TYPE = 'Text Message Delivery Status Updated';

/**
 * Depending on the destination country a carrier reports TEXT_SUCCESSFUL, TEXT_DELIVERED or both
 * for a delivered message (configuration-sets-event-types in the user guide); both mean delivered.
 */
const DELIVERED = new Set(['TEXT_DELIVERED', 'TEXT_SUCCESSFUL']);
const FAILED = new Set([
  'TEXT_BLOCKED',
  'TEXT_TTL_EXPIRED',
  'TEXT_CARRIER_UNREACHABLE',
  'TEXT_INVALID',
  'TEXT_INVALID_MESSAGE',
  'TEXT_CARRIER_BLOCKED',
  'TEXT_UNREACHABLE',
  'TEXT_SPAM',
  'TEXT_UNKNOWN',
  'TEXT_PROTECT_BLOCKED',
]);

export function fromSmsEvent(sms: SmsEvent): ProviderMapping {
  if (sms['detail-type'] !== TEXT_DETAIL_TYPE)
    return { ignored: `"${sms['detail-type']}" events are not used` };
  const { detail } = sms;
  const delivered = DELIVERED.has(detail.eventType);
  // Queued and pending are steps on the way, and a failure the service still retries is not final.
  if (!delivered && !(FAILED.has(detail.eventType) && detail.isFinal !== false)) {
    return { ignored: `detail.eventType: ${detail.eventType} is not a final outcome` };
  }
  const attribution = attributionOf(detail.context);
  if (attribution === undefined) {
    return { ignored: 'detail.context: no profileId, scenario and step (not sent by a journey)' };
  }
  const time = eventTime(
    detail.eventTimestamp === undefined ? undefined : new Date(detail.eventTimestamp).toISOString(),
    sms.time,
  );
  const detailType = delivered ? 'sms.delivered' : 'sms.failed';
  return {
    events: [
      deliveryEvent({
        // One id per message and outcome: when TEXT_DELIVERED follows TEXT_SUCCESSFUL, aggregates
        // (which skip ids already applied) count the message once.
        id: `sms-${detail.messageId}-${delivered ? 'delivered' : 'failed'}`,
        source: PARCOURS_SOURCES.sms,
        detailType,
        time,
        detail: {
          ...attribution,
          messageId: detail.messageId,
          ...(delivered ? {} : { status: detail.eventType }),
        },
      }),
    ],
    suppressions: [],
  };
}

function attributionOf(context: Readonly<Record<string, string>>): Attribution | undefined {
  const { profileId, scenario, step, variant } = context;
  if (!profileId || !scenario || !step) return undefined;
  return {
    profileId: decodeTagValue(profileId),
    scenario,
    step,
    ...(variant ? { variant: decodeTagValue(variant) } : {}),
  };
}
