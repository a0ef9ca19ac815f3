import type * as z from 'zod/mini';
import { MADE_BY_PARCOURS } from '../../language/sources.ts';
import {
  KNOWN_DETAIL_TYPES,
  ProfileUpdatedDetail,
  SubscriptionChangedDetail,
} from '../events/profile-events.ts';
import { describeIssues, type EventValidation, invalidEvent, validateEnvelope } from './validate-envelope.ts';

/**
 * Checks an app's event: the envelope, that the event can be stored as sent (validateEnvelope),
 * that its source is not one only Parcours makes (MADE_BY_PARCOURS: nobody forges a bounce, a
 * segment entry or a schedule), then the detail of the documented detail types. Other detail
 * types belong to the apps: only `detail.profileId` is required of them. A `profile.updated`
 * with a phone is read with libphonenumber, which the caller has loaded (loadPhoneLibrary), as
 * ingestEvents does for a batch that carries a number.
 */
export function validateEvent(raw: unknown): EventValidation {
  const envelope = validateEnvelope(raw);
  if (!envelope.valid) return envelope;
  const { event } = envelope;
  if (MADE_BY_PARCOURS.has(event.source))
    return invalidEvent(raw, `source: "${event.source}" is Parcours' own; no app may publish under it`);
  if (event.id.length > MAX_EVENT_ID_LENGTH)
    return invalidEvent(
      raw,
      `id: ${event.id.length} characters; an event id is at most ${MAX_EVENT_ID_LENGTH}`,
    );
  switch (event['detail-type']) {
    case 'profile.updated': {
      const detail = ProfileUpdatedDetail.safeParse(event.detail);
      if (!detail.success) return invalidEvent(raw, describeIssues(detail.error.issues, ['detail']));
      return { valid: true, event, known: { type: 'profile.updated', detail: detail.data } };
    }
    case 'subscription.changed': {
      const detail = SubscriptionChangedDetail.safeParse(event.detail);
      if (!detail.success) return invalidEvent(raw, describeIssues(detail.error.issues, ['detail']));
      return { valid: true, event, known: { type: 'subscription.changed', detail: detail.data } };
    }
    default: {
      // A documented type added to KNOWN_DETAIL_TYPES later is still validated before ingest applies it.
      const schema = knownSchema(event['detail-type']);
      const detail = schema?.safeParse(event.detail);
      if (detail?.success === false)
        return invalidEvent(raw, describeIssues(detail.error.issues, ['detail']));
      return envelope;
    }
  }
}

/**
 * EventBridge's ids are 36 characters; ids an app chooses (a `simulate` file, the local bus) may
 * be longer, within reason. The id of the event that set a consent is kept in the profile with
 * it, so ids of 42,000 characters let a few forged opt-outs fill the room kept for real ones.
 */
export const MAX_EVENT_ID_LENGTH = 256;

function knownSchema(detailType: string): z.ZodMiniType | undefined {
  return Object.entries(KNOWN_DETAIL_TYPES).find(([type]) => type === detailType)?.[1];
}
