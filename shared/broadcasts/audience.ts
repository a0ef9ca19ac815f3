import type { Audience } from '../../language/trigger.ts';
import { consentDecision } from '../consent/consent.ts';
import { type ConsentRefusal, refusalText } from '../consent/refusal-text.ts';
import type { Profile } from '../profiles/profile.ts';

/**
 * Whether a customer is in a broadcast's audience:
 * - `outside`: not a member of its segment, so not part of the audience at all (nothing recorded:
 *   a newsletter to 10,000 VIPs says nothing of the other million customers);
 * - `excluded`: a member who cannot be reached on the audience's channel, with the reason;
 * - `member`: the journey starts (consent, caps, quiet hours and the control group are still the
 *   send's to decide, as for any journey).
 */
export type AudienceDecision =
  | { readonly kind: 'member' }
  | { readonly kind: 'outside' }
  | { readonly kind: 'excluded'; readonly reason: ConsentRefusal; readonly detail: string };

export type AudienceFacts = {
  readonly audience: Audience | undefined;
  readonly profile: Profile | undefined;
  readonly inSegment: (name: string) => boolean;
  /** Whether the address the audience's channel would use is suppressed (bounce, complaint). */
  readonly suppressed: boolean;
  /** The consent topic of the scenario's messages: its program (none for a bare segment's count). */
  readonly topic: string | undefined;
};

export function audienceDecision(facts: AudienceFacts): AudienceDecision {
  const { audience } = facts;
  if (audience?.segment !== undefined && !facts.inSegment(audience.segment)) return { kind: 'outside' };
  if (audience?.reachable === undefined) return { kind: 'member' };
  const consent = consentDecision({
    profile: facts.profile,
    channel: audience.reachable,
    category: 'marketing',
    topic: facts.topic,
    suppressed: facts.suppressed,
  });
  if (consent.allowed) return { kind: 'member' };
  return {
    kind: 'excluded',
    reason: consent.reason,
    detail: refusalText(consent.reason, audience.reachable),
  };
}
