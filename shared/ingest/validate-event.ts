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
 * types belong to the apps: only `detail.profileId` is required of them.
 */
export function validateEvent(raw: unknown): EventValidation {
  const envelope = validateEnvelope(raw);
  if (!envelope.valid) return envelope;
  const { event } = envelope;
  if (MADE_BY_PARCOURS.has(event.source))
    return invalidEvent(raw, `source: "${event.source}" is Parcours' own; no app may publish under it`);
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

function knownSchema(detailType: string): z.ZodMiniType | undefined {
  return Object.entries(KNOWN_DETAIL_TYPES).find(([type]) => type === detailType)?.[1];
}
