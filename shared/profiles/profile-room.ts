import { Channel } from '../../language/channel.ts';
import { ERROR_NAMES } from '../../language/error-names.ts';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemSizeBytes, kilobytes, valueSizeBytes } from '../store/item-size.ts';
import { isLater, stampKey } from './ordered-fields.ts';
import type { ConsentStatus, FieldStamp, Profile } from './profile.ts';

/**
 * What a profile item may take for everything but opt-outs (traits, contact data, push tokens,
 * opt-ins), of DynamoDB's 400 KB. The rest is for opt-outs alone: apps write traits without a
 * bound, and a profile they had filled refused the customer's unsubscribe, which was then kept as
 * rejected while marketing went on.
 */
export const PROFILE_DATA_LIMIT_BYTES = 300 * 1024;

/**
 * Where a profile keeps an opt-out of every topic: topic names are lower-case words
 * (shared/events/profile-events.ts), so no topic an event names can be this one.
 */
export const ALL_TOPICS = '*';

/** A change would take the profile's data past its room; the profile is left as it was. */
export class ProfileFullError extends Error {
  override readonly name = ERROR_NAMES.profileFull;
}

/**
 * What fitProfile removed to keep an opt-out: traits by name, how many push tokens, and opt-ins
 * to topics as `topic on channel`.
 */
export type RemovedData = {
  readonly traits: readonly string[];
  readonly pushTokens: number;
  readonly optIns: readonly string[];
};

/** A profile as it will be written, and what was removed to keep an opt-out (see fitProfile). */
export type FittedProfile = { readonly profile: Profile; readonly removed: RemovedData };

export const NOTHING_REMOVED: RemovedData = { traits: [], pushTokens: 0, optIns: [] };

/**
 * The profile a change makes, as it fits in its item (`itemOf` gives the item a profile is
 * written as):
 * - a change that grows the profile's data (all but its opt-outs) past PROFILE_DATA_LIMIT_BYTES
 *   is refused (ProfileFullError); one that does not grow it always applies, so a profile over its
 *   room (written before the rule) can still shrink, and an opt-out is never refused;
 * - when the item would pass DynamoDB's limit, the topics' opt-outs are folded
 *   (foldTopicOptOuts). Opt-outs do not count against the data's room, so an opt-in is taken or
 *   refused by the data alone, whatever order it arrives in among opt-outs;
 * - when even that does not fit (a profile whose data passed its room before the rule), its
 *   largest traits are removed until it does; then its oldest push tokens; then its opt-ins to
 *   topics (each lifted an opt-out on one channel, so without them the customer gets less, never
 *   more). An opt-out outranks all three: what was removed is in the result, for the caller to
 *   report. Only contact fields and opt-outs that alone pass DynamoDB's limit are refused, which
 *   no event can make: an email or phone number is checked, and a topic's name is short.
 */
export function fitProfile(
  changed: Profile,
  read: Profile | undefined,
  itemOf: (profile: Profile) => Readonly<Record<string, unknown>>,
): FittedProfile {
  const dataBytes = (profile: Profile) => itemSizeBytes(itemOf(withoutOptOuts(profile)));
  // (The write's own time is no growth: a profile written without one still takes its opt-out.)
  const before = read === undefined ? undefined : { ...read, updatedAt: changed.updatedAt };
  const data = dataBytes(changed);
  const grows = before === undefined || data > dataBytes(before);
  if (data > PROFILE_DATA_LIMIT_BYTES && grows)
    throw new ProfileFullError(
      `the profile of ${changed.profileId.slice(0, 200)} would take ${kilobytes(data)}: its traits, contact data, push tokens and opt-ins may take ${PROFILE_DATA_LIMIT_BYTES / 1024} KB of DynamoDB's ${DYNAMODB_ITEM_LIMIT_BYTES / 1024} KB, the rest being kept so that an opt-out always fits (remove traits by sending them as null; keep large data in events)`,
    );
  const size = (profile: Profile) => itemSizeBytes(itemOf(profile));
  const changedBytes = size(changed);
  // The size is an upper estimate (every number at 21 bytes): a profile stored before the room
  // rule may be over it and still well within DynamoDB's limit. A change that does not grow it
  // is written as it is; only one that grows it (an opt-out) folds or removes anything.
  if (changedBytes <= DYNAMODB_ITEM_LIMIT_BYTES || (before !== undefined && changedBytes <= size(before)))
    return { profile: changed, removed: NOTHING_REMOVED };
  const folded = foldTopicOptOuts(changed);
  const trimmed = withoutLargestTraits(folded, size(folded));
  const tokensTrimmed = withoutOldestTokens(trimmed.profile, trimmed.bytes);
  const optInsTrimmed =
    tokensTrimmed.bytes > DYNAMODB_ITEM_LIMIT_BYTES ? withoutTopicOptIns(tokensTrimmed.profile) : undefined;
  const profile = optInsTrimmed?.profile ?? tokensTrimmed.profile;
  if (optInsTrimmed !== undefined && size(profile) > DYNAMODB_ITEM_LIMIT_BYTES)
    throw new ProfileFullError(
      `the profile of ${changed.profileId.slice(0, 200)} does not fit in DynamoDB's ${DYNAMODB_ITEM_LIMIT_BYTES / 1024} KB even without its traits, push tokens and opt-ins to topics: its contact fields and opt-outs take more`,
    );
  return {
    profile,
    removed: {
      traits: trimmed.removedTraits,
      pushTokens: tokensTrimmed.removedTokens,
      optIns: optInsTrimmed?.optIns ?? [],
    },
  };
}

/**
 * The profile (of `bytes`) less its largest traits, as few as take it within DynamoDB's limit, and
 * the size left. Each trait removed takes its bytes as a map entry off the size, so a profile of
 * many traits is measured once, not again for each.
 */
function withoutLargestTraits(
  profile: Profile,
  bytes: number,
): { readonly profile: Profile; readonly removedTraits: readonly string[]; readonly bytes: number } {
  const largestFirst = Object.entries(profile.attributes)
    .map(([name, value]) => ({ name, entryBytes: 1 + itemSizeBytes({ [name]: value }) }))
    .sort((a, b) => b.entryBytes - a.entryBytes);
  const attributes = { ...profile.attributes };
  const removedTraits: string[] = [];
  let left = bytes;
  for (const { name, entryBytes } of largestFirst) {
    if (left <= DYNAMODB_ITEM_LIMIT_BYTES) break;
    delete attributes[name];
    left -= entryBytes;
    removedTraits.push(name);
  }
  return { profile: { ...profile, attributes }, removedTraits, bytes: left };
}

/**
 * The profile (of `bytes`) less its oldest push tokens (the first are those registered least
 * recently: see mergeTokens), as few as take it within DynamoDB's limit, and the size left. Apps
 * register a device's token again as they start, so a token lost comes back; an opt-in lost does
 * not, which is why tokens go first.
 */
function withoutOldestTokens(
  profile: Profile,
  bytes: number,
): { readonly profile: Profile; readonly removedTokens: number; readonly bytes: number } {
  let left = bytes;
  let removedTokens = 0;
  for (const token of profile.pushTokens) {
    if (left <= DYNAMODB_ITEM_LIMIT_BYTES) break;
    left -= 1 + valueSizeBytes(token);
    removedTokens += 1;
  }
  return {
    profile: { ...profile, pushTokens: profile.pushTokens.slice(removedTokens) },
    removedTokens,
    bytes: left,
  };
}

/**
 * A profile without its opt-ins to topics (by channel, and those kept for every channel the old
 * way) and their stamps, and those opt-ins as `topic on channel`. An opt-in to a topic only lifts
 * an opt-out of it, so the customer gets less without one, never more; and an old opt-in replayed
 * later lifts nothing its stamp does not outrank (see optedOutOfTopic).
 */
function withoutTopicOptIns(profile: Profile): {
  readonly profile: Profile;
  readonly optIns: readonly string[];
} {
  const { topics, channelTopics = {} } = profile.consents;
  const optIns = [
    ...Object.keys(topics)
      .filter((topic) => topics[topic] === 'opted-in')
      .map((topic) => ({ label: `${topic} on every channel`, key: stampKey.topic(topic) })),
    ...Channel.options.flatMap((channel) => {
      const statuses = channelTopics[channel] ?? {};
      return Object.keys(statuses)
        .filter((topic) => statuses[topic] === 'opted-in')
        .map((topic) => ({ label: `${topic} on ${channel}`, key: stampKey.channelTopic(channel, topic) }));
    }),
  ];
  const dropped = new Set(optIns.map(({ key }) => key));
  const optedOut = (statuses: Readonly<Record<string, ConsentStatus>>) =>
    Object.fromEntries(Object.entries(statuses).filter(([, status]) => status === 'opted-out'));
  // (An imported profile may hold opt-outs by channel: those stay.)
  const kept = Object.entries(channelTopics)
    .map(([channel, statuses]) => [channel, optedOut(statuses)] as const)
    .filter(([, statuses]) => Object.keys(statuses).length > 0);
  const { channelTopics: _, ...consents } = profile.consents;
  return {
    profile: {
      ...profile,
      consents: {
        ...consents,
        topics: optedOut(topics),
        ...(kept.length === 0 ? {} : { channelTopics: Object.fromEntries(kept) }),
      },
      stamps: Object.fromEntries(Object.entries(profile.stamps ?? {}).filter(([key]) => !dropped.has(key))),
    },
    optIns: optIns.map(({ label }) => label),
  };
}

/**
 * A profile whose opt-outs no longer fit in its item, with its topics' opt-outs folded into one
 * opt-out of every topic, as of the latest of them. The opt-out room holds about 240 topic
 * opt-outs with the longest names and ids; a source that sent more, each for a topic of its own,
 * made the next opt-out unstorable, and the customer went on getting what they had left. Folded,
 * no opt-out is lost: each topic stays opted out, and so does every other until an opt-in to it
 * on a channel, later than the fold's stamp, lifts it there. The customer may get less than they
 * asked for, never more. A profile with no topic opt-out is returned as it is.
 */
export function foldTopicOptOuts(profile: Profile): Profile {
  const { topics } = profile.consents;
  const folded = new Set(
    Object.keys(topics)
      .filter((topic) => topics[topic] === 'opted-out')
      .map((topic) => stampKey.topic(topic)),
  );
  if (folded.size === 0) return profile;
  const stamps = Object.entries(profile.stamps ?? {});
  const latest = stamps
    .filter(([key]) => folded.has(key))
    .reduce<FieldStamp | undefined>((last, [, stamp]) => (isLater(stamp, last) ? stamp : last), undefined);
  return {
    ...profile,
    consents: {
      ...profile.consents,
      topics: {
        ...Object.fromEntries(Object.entries(topics).filter(([, status]) => status !== 'opted-out')),
        [ALL_TOPICS]: 'opted-out',
      },
    },
    stamps: {
      ...Object.fromEntries(stamps.filter(([key]) => !folded.has(key))),
      ...(latest === undefined ? {} : { [stampKey.topic(ALL_TOPICS)]: latest }),
    },
  };
}

/** A profile without its opt-outs (of a channel or a topic) and their stamps: what its data takes. */
function withoutOptOuts(profile: Profile): Profile {
  const { consents } = profile;
  const channels = Channel.options.filter((channel) => consents[channel] === 'opted-out');
  const topics = Object.keys(consents.topics).filter((topic) => consents.topics[topic] === 'opted-out');
  const optOutStamps = new Set([...channels.map(stampKey.channel), ...topics.map(stampKey.topic)]);
  return {
    ...profile,
    consents: {
      ...consents,
      ...Object.fromEntries(channels.map((channel) => [channel, undefined])),
      topics: Object.fromEntries(
        Object.entries(consents.topics).filter(([, status]) => status !== 'opted-out'),
      ),
    },
    stamps: Object.fromEntries(
      Object.entries(profile.stamps ?? {}).filter(([key]) => !optOutStamps.has(key)),
    ),
  };
}
