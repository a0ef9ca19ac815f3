import type { Channel } from '../../language/channel.ts';
import type { Audience } from '../../language/trigger.ts';
import { type ConsentDecision, consentDecision } from '../consent/consent.ts';
import type { Profile } from '../profiles/profile.ts';

/** Why a customer of the audience cannot be reached on its channel (consent's own reasons). */
export type Unreachable = Extract<ConsentDecision, { allowed: false }>['reason'];

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
  | { readonly kind: 'excluded'; readonly reason: Unreachable; readonly detail: string };

export type AudienceFacts = {
  readonly audience: Audience | undefined;
  readonly profile: Profile | undefined;
  readonly inSegment: (name: string) => boolean;
  /** Whether the address the audience's channel would use is suppressed (bounce, complaint). */
  readonly suppressed: boolean;
  /** The consent topic of the scenario's messages: its program. */
  readonly topic: string;
};

const UNREACHABLE_TEXT: Readonly<Record<Unreachable, (channel: Channel) => string>> = {
  'missing-address': (channel) =>
    `no ${channel === 'email' ? 'email address' : channel === 'sms' ? 'phone number' : 'push token'}`,
  suppressed: (channel) => `the ${channel} address is suppressed (bounce or complaint)`,
  unsubscribed: (channel) => `opted out of ${channel}`,
  'unsubscribed-from-topic': () => 'opted out of the topic',
  'no-consent': (channel) => `no opt-in to ${channel}`,
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
    detail: UNREACHABLE_TEXT[consent.reason](audience.reachable),
  };
}
