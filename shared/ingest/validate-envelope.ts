import { createHash } from 'node:crypto';
import type * as z from 'zod/mini';
// So that a rejection names what is wrong in words where no classic zod loads.
import '../config/zod-messages.ts';
import { EventEnvelope } from '../events/envelope.ts';
import type { ProfileUpdatedDetail, SubscriptionChangedDetail } from '../events/profile-events.ts';
import { isRecord } from '../store/field-path.ts';
import { eventProblem } from './storable-event.ts';

/** The documented detail types (KNOWN_DETAIL_TYPES), with their parsed detail. */
export type KnownDetail =
  | { readonly type: 'profile.updated'; readonly detail: ProfileUpdatedDetail }
  | { readonly type: 'subscription.changed'; readonly detail: SubscriptionChangedDetail };

export type EventValidation =
  | { readonly valid: true; readonly event: EventEnvelope; readonly known: KnownDetail | undefined }
  | { readonly valid: false; readonly eventId: string; readonly reason: string };

/** How ingest checks what it is given, by where the events come from (see ingestEvents). */
export type EventValidator = (raw: unknown) => EventValidation;

/**
 * Checks the envelope, and that the event can be stored as sent: all that events Parcours makes
 * from a provider's (a bounce, a delivery) need, since none of them is a documented profile event.
 * Apps' events also get their documented details checked (validateEvent), with the contact checks
 * that carry libphonenumber, which the functions that take no app event are better without.
 */
export function validateEnvelope(raw: unknown): EventValidation {
  const envelope = EventEnvelope.safeParse(raw);
  if (!envelope.success) return invalidEvent(raw, describeIssues(envelope.error.issues, []));
  // The event as sent: zod's output leaves out a `__proto__` key rather than keep it.
  const problem = eventProblem(isRecord(raw) ? raw : envelope.data);
  if (problem !== undefined) return invalidEvent(raw, problem);
  return { valid: true, event: envelope.data, known: undefined };
}

export function invalidEvent(raw: unknown, reason: string): EventValidation {
  return { valid: false, eventId: eventIdOf(raw), reason };
}

/** Every issue, each prefixed with the path of its field, so the reason says what to fix. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): string {
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
