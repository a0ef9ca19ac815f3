import { type Category, Channel } from '../../language/channel.ts';
import { stampKey } from '../profiles/ordered-fields.ts';
import type { Profile, PushToken } from '../profiles/profile.ts';
import { ALL_TOPICS } from '../profiles/profile-room.ts';

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
  /** None for a count of no message in particular (a segment's): no topic opt-out counts. */
  topic: string | undefined;
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
  if (request.topic !== undefined && optedOutOfTopic(request.profile, request.channel, request.topic))
    return { allowed: false, reason: 'unsubscribed-from-topic' };
  return { allowed: true, address };
}

/**
 * Whether the customer opted out of a topic on a channel: an opt-out of the topic (on any
 * channel), or of every topic (ALL_TOPICS, see foldTopicOptOuts), that no later opt-in to the
 * topic on this channel lifted; at the same instant the opt-out holds. Without stamps (imported
 * profiles) an opt-in on the channel lifts it.
 */
export function optedOutOfTopic(profile: Profile, channel: Channel, topic: string): boolean {
  const { consents, stamps } = profile;
  const onChannel = consents.channelTopics?.[channel]?.[topic];
  // Parcours writes only opt-ins there; an imported profile may hold an opt-out.
  if (onChannel === 'opted-out') return true;
  const optOuts = [topic, ALL_TOPICS].filter((name) => consents.topics[name] === 'opted-out');
  if (optOuts.length === 0) return false;
  if (onChannel !== 'opted-in') return true;
  const optIn = stamps?.[stampKey.channelTopic(channel, topic)];
  return optOuts.some((name) => {
    const out = stamps?.[stampKey.topic(name)];
    return out !== undefined && (optIn === undefined || !(optIn.at > out.at));
  });
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

/** A topic consent as lists show them; `overridden` when an opt-out as recent or more still holds. */
export type TopicConsent = {
  readonly topic: string;
  readonly channel?: string;
  readonly status: string;
  readonly overridden: boolean;
};

/**
 * A profile's topic consents as lists show them: every channel's opt-outs, then each channel's
 * opt-ins, an opt-in marked when it lifts nothing: a list that showed it beside the opt-out, with
 * nothing to tell which held, read as if the customer were subscribed.
 */
export function topicConsents(profile: Profile): TopicConsent[] {
  const { consents } = profile;
  return [
    // A topic opt-in kept the old way, for every channel, lifts no opt-out: one of every topic holds.
    ...Object.entries(consents.topics).map(([topic, status]) => ({
      topic,
      status,
      overridden: status === 'opted-in' && consents.topics[ALL_TOPICS] === 'opted-out',
    })),
    ...Object.entries(consents.channelTopics ?? {}).flatMap(([channel, topics]) =>
      Object.entries(topics).map(([topic, status]) => {
        const known = Channel.safeParse(channel);
        const overridden =
          status === 'opted-in' && known.success && optedOutOfTopic(profile, known.data, topic);
        return { topic, channel, status, overridden };
      }),
    ),
  ];
}

/** A topic consent as one line of text: `newsletter on email opted-in`. */
export function topicConsentText({ topic, channel, status, overridden }: TopicConsent): string {
  const name = topic === ALL_TOPICS ? 'every topic (opt-outs folded)' : topic;
  return `${name}${channel === undefined ? '' : ` on ${channel}`} ${status}${overridden ? ' (no effect: an opt-out as recent or more holds)' : ''}`;
}
