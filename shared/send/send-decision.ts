import type { Category, Channel } from '../../language/channel.ts';
import type { ParcoursConfig } from '../../language/config.ts';
import { type Address, consentDecision } from '../consent/consent.ts';
import type { Profile } from '../profiles/profile.ts';
import { resolveTimeZone } from '../schedule/local-time.ts';
import { quietHoursEnd } from '../schedule/quiet-hours.ts';

/** What the rules of a send are decided on, read before deciding: the decision itself reads nothing. */
export type SendFacts = {
  readonly channel: Channel;
  readonly category: Category;
  readonly topic: string;
  readonly now: Date;
  readonly config: Pick<ParcoursConfig, 'quiet-hours' | 'time-zone'>;
  /** The journey reached its goal: nothing more is sent. */
  readonly converted: boolean;
  /** The customer is in the global control group (see outcomes/placement.ts). */
  readonly inGlobalControl: boolean;
  readonly profile: Profile | undefined;
  /** The address consent would use is on the suppression list (bounces, complaints). */
  readonly suppressed: boolean;
};

export type SkipReason =
  | 'global-control'
  | 'missing-address'
  | 'suppressed'
  | 'unsubscribed'
  | 'unsubscribed-from-topic'
  | 'no-consent';

/**
 * What to do with one send, by the rules every send obeys, in order: a converted journey sends
 * nothing more; a marketing message skips customers of the global control group; then consent and
 * suppression; then quiet hours defer a marketing message; what remains is sent, a marketing
 * message only within the frequency caps (which need an atomic reservation, so they are the
 * first effect rather than a fact read here).
 */
export type SendDecision =
  | { readonly kind: 'converted' }
  | { readonly kind: 'skip'; readonly reason: SkipReason }
  | { readonly kind: 'defer'; readonly until: Date }
  | { readonly kind: 'send'; readonly address: Address; readonly withinCaps: boolean };

/** Decides a send from its facts. Pure: the same facts always give the same decision. */
export function decideSend(facts: SendFacts): SendDecision {
  if (facts.converted) return { kind: 'converted' };
  const marketing = facts.category === 'marketing';
  if (marketing && facts.inGlobalControl) return { kind: 'skip', reason: 'global-control' };
  const consent = consentDecision({
    profile: facts.profile,
    channel: facts.channel,
    category: facts.category,
    topic: facts.topic,
    suppressed: facts.suppressed,
  });
  if (!consent.allowed) return { kind: 'skip', reason: consent.reason };
  const quiet = facts.config['quiet-hours'];
  if (marketing && quiet?.channels.includes(facts.channel)) {
    const timeZone = resolveTimeZone(facts.profile?.timeZone, facts.config['time-zone']);
    const until = quietHoursEnd(facts.now, quiet, timeZone);
    if (until !== undefined) return { kind: 'defer', until };
  }
  return { kind: 'send', address: consent.address, withinCaps: marketing };
}
