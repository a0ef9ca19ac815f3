import type { Category, Channel } from '../../language/channel.ts';
import { stampKey } from '../profiles/ordered-fields.ts';
import type { Profile, PushToken } from '../profiles/profile.ts';

export type Address =
  | { channel: 'email'; email: string }
  | { channel: 'sms'; phone: string }
  | { channel: 'push'; tokens: readonly PushToken[] };

export type ConsentDecision =
  | { allowed: true; address: Address }
  | {
      allowed: false;
      reason: 'missing-address' | 'suppressed' | 'unsubscribed' | 'unsubscribed-from-topic' | 'no-consent';
    };

/**
 * Whether a message may go out, by the rules every send obeys, in order: an address; never to a
 * suppressed address (bounces, complaints), not even a transactional message; then, for
 * marketing only: the channel's consent (SMS needs an explicit opt-in; email and push are sent
 * unless the customer opted out) and the topic's.
 */
export function consentDecision(request: {
  profile: Profile | undefined;
  channel: Channel;
  category: Category;
  topic: string;
  suppressed: boolean;
}): ConsentDecision {
  const address = addressOf(request.profile, request.channel);
  if (address === undefined || request.profile === undefined)
    return { allowed: false, reason: 'missing-address' };
  if (request.suppressed) return { allowed: false, reason: 'suppressed' };
  if (request.category === 'transactional') return { allowed: true, address };
  const consents = request.profile.consents;
  const channelConsent = consents[request.channel];
  if (channelConsent === 'opted-out') return { allowed: false, reason: 'unsubscribed' };
  if (request.channel === 'sms' && channelConsent !== 'opted-in')
    return { allowed: false, reason: 'no-consent' };
  if (optedOutOfTopic(request.profile, request.channel, request.topic))
    return { allowed: false, reason: 'unsubscribed-from-topic' };
  return { allowed: true, address };
}

/**
 * Whether the customer opted out of a topic on a channel: an opt-out of the topic (on any
 * channel) that no later opt-in to the topic on this channel lifted; at the same instant the
 * opt-out holds. Without stamps (imported profiles) an opt-in on the channel lifts it.
 */
export function optedOutOfTopic(profile: Profile, channel: Channel, topic: string): boolean {
  const { consents, stamps } = profile;
  const onChannel = consents.channelTopics?.[channel]?.[topic];
  // Parcours writes only opt-ins there; an imported profile may hold an opt-out.
  if (onChannel === 'opted-out') return true;
  if (consents.topics[topic] !== 'opted-out') return false;
  if (onChannel !== 'opted-in') return true;
  const out = stamps?.[stampKey.topic(topic)];
  const optIn = stamps?.[stampKey.channelTopic(channel, topic)];
  return out !== undefined && (optIn === undefined || !(optIn.at > out.at));
}

export function addressOf(profile: Profile | undefined, channel: Channel): Address | undefined {
  if (profile === undefined) return undefined;
  switch (channel) {
    case 'email':
      return profile.email === undefined || profile.email === ''
        ? undefined
        : { channel, email: profile.email };
    case 'sms':
      return profile.phone === undefined || profile.phone === ''
        ? undefined
        : { channel, phone: profile.phone };
    case 'push':
      return profile.pushTokens.length === 0 ? undefined : { channel, tokens: profile.pushTokens };
  }
}

/** The address that suppression is keyed by (a push token list is suppressed token by token elsewhere). */
export function suppressionAddress(address: Address): string | undefined {
  if (address.channel === 'email') return address.email;
  if (address.channel === 'sms') return address.phone;
  return undefined;
}

/** A profile's topic consents as lists show them: every channel's, then each channel's opt-ins. */
export function topicConsents(
  consents: Profile['consents'],
): { readonly topic: string; readonly channel?: string; readonly status: string }[] {
  return [
    ...Object.entries(consents.topics).map(([topic, status]) => ({ topic, status })),
    ...Object.entries(consents.channelTopics ?? {}).flatMap(([channel, topics]) =>
      Object.entries(topics).map(([topic, status]) => ({ topic, channel, status })),
    ),
  ];
}
