import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
// So that a rejection names what is wrong in words where no classic zod loads.
import '../config/zod-messages.ts';
import { EventEnvelope } from '../events/envelope.ts';
import {
  KNOWN_DETAIL_TYPES,
  ProfileUpdatedDetail,
  SubscriptionChangedDetail,
} from '../events/profile-events.ts';
import { isRecord } from '../store/field-path.ts';
import { eventProblem } from './storable-event.ts';

/** The documented detail types (KNOWN_DETAIL_TYPES), with their parsed detail. */
export type KnownDetail =
  | { readonly type: 'profile.updated'; readonly detail: ProfileUpdatedDetail }
  | { readonly type: 'subscription.changed'; readonly detail: SubscriptionChangedDetail };

export type EventValidation =
  | { readonly valid: true; readonly event: EventEnvelope; readonly known: KnownDetail | undefined }
  | { readonly valid: false; readonly eventId: string; readonly reason: string };

/**
 * Checks the envelope, then that the event can be stored as sent, then the detail of the
 * documented detail types. Other detail types belong to the apps: only `detail.profileId` is
 * required of them.
 */
export function validateEvent(raw: unknown): EventValidation {
  const envelope = EventEnvelope.safeParse(raw);
  if (!envelope.success) return invalid(raw, describeIssues(envelope.error.issues, []));
  const event = envelope.data;
  const problem = eventProblem(event);
  if (problem !== undefined) return invalid(raw, problem);
  switch (event['detail-type']) {
    case 'profile.updated': {
      const detail = ProfileUpdatedDetail.safeParse(event.detail);
      if (!detail.success) return invalid(raw, describeIssues(detail.error.issues, ['detail']));
      return { valid: true, event, known: { type: 'profile.updated', detail: detail.data } };
    }
    case 'subscription.changed': {
      const detail = SubscriptionChangedDetail.safeParse(event.detail);
      if (!detail.success) return invalid(raw, describeIssues(detail.error.issues, ['detail']));
      return { valid: true, event, known: { type: 'subscription.changed', detail: detail.data } };
    }
    default: {
      // A documented type added to KNOWN_DETAIL_TYPES later is still validated before ingest applies it.
      const schema = knownSchema(event['detail-type']);
      const detail = schema?.safeParse(event.detail);
      if (detail?.success === false) return invalid(raw, describeIssues(detail.error.issues, ['detail']));
      return { valid: true, event, known: undefined };
    }
  }
}

function knownSchema(detailType: string): z.ZodMiniType | undefined {
  return Object.entries(KNOWN_DETAIL_TYPES).find(([type]) => type === detailType)?.[1];
}

function invalid(raw: unknown, reason: string): EventValidation {
  return { valid: false, eventId: eventIdOf(raw), reason };
}

/** Every issue, each prefixed with the path of its field, so the reason says what to fix. */
function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): string {
  return issues
    .map((issue) => {
      const path = [...prefix, ...issue.path].map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * The event's own id when it has one; otherwise a digest of its content, so the same broken event
 * delivered twice is kept under the same id.
 */
function eventIdOf(raw: unknown): string {
  if (isRecord(raw) && typeof raw.id === 'string' && raw.id !== '') return raw.id;
  const digest = createHash('sha256')
    .update(JSON.stringify(raw) ?? String(raw))
    .digest('hex');
  return `unidentified-${digest.slice(0, 16)}`;
}
