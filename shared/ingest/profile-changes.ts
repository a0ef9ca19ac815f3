import type { ProfileUpdatedDetail, SubscriptionChangedDetail } from '../events/profile-events.ts';
import { CONTACT_FIELDS, consentChangeWins, isLater, stampKey, stampOf } from '../profiles/ordered-fields.ts';
import type { ConsentStatus, FieldStamp, Profile, PushToken } from '../profiles/profile.ts';
import type { RemovedData } from '../profiles/profile-room.ts';
import { updateProfile } from '../profiles/store.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { KnownDetail } from './validate-envelope.ts';

type EventRef = { readonly id: string; readonly time: string };

/**
 * Applies a `profile.updated` or `subscription.changed` event to the customer's profile. Consent
 * and contact fields change only when the event is newer than the one that set them, so the
 * result does not depend on the order events arrive in (while the profile's opt-outs fit in it,
 * see fitProfile), and a redelivery changes nothing. Returns what was removed to make room for an
 * opt-out.
 */
export async function applyProfileChange(
  store: ItemStore,
  known: KnownDetail,
  event: EventRef,
  times: { readonly arrived: Date; readonly now: Date },
): Promise<RemovedData> {
  const { now } = times;
  // An event dated after it arrived (ingest takes up to MAX_TIME_AHEAD_MS) is ordered at its
  // arrival: an app whose clock ran 4 minutes fast sent an opt-in that outranked the
  // unsubscribe the customer made 2 minutes later.
  const stamp = stampOf({ id: event.id, time: earliest(event.time, times.arrived) });
  const change =
    known.type === 'profile.updated'
      ? (current: Profile) => withUpdate(current, known.detail, stamp)
      : (current: Profile) => withConsent(current, known.detail, stamp);
  const { removed } = await updateProfile(store, known.detail.profileId, change, now);
  return removed;
}

/**
 * Upserts: traits are merged into the attributes (a trait sent as null is removed, as in the
 * Segment and Customer.io identify calls), in arrival order; contact fields that are present
 * replace the stored ones when the event is newer; push tokens are added to those the customer
 * already has (one per token, see mergeTokens), which gives the same set in any order.
 */
export function withUpdate(current: Profile, update: ProfileUpdatedDetail, stamp: FieldStamp): Profile {
  const attributes = Object.fromEntries(
    Object.entries({ ...current.attributes, ...update.traits }).filter(([, value]) => value !== null),
  );
  const stamps = { ...current.stamps };
  const next: Profile = { ...current, attributes, stamps };
  for (const field of CONTACT_FIELDS) {
    const value = update[field];
    const key = stampKey.contact(field);
    if (value === undefined || !isLater(stamp, stamps[key])) continue;
    next[field] = value;
    stamps[key] = stamp;
  }
  next.pushTokens = mergeTokens(current.pushTokens, update.pushTokens ?? []);
  return next;
}

/**
 * A consent change, applied only when its event is newer than the one that set the same consent:
 * the channel's when the event names no topic; the topic's on every channel for an opt-out; the
 * topic's on the event's channel for an opt-in (Consents).
 */
export function withConsent(current: Profile, change: SubscriptionChangedDetail, stamp: FieldStamp): Profile {
  const { channel, topic, status } = change;
  const place =
    topic === undefined
      ? slotOf(current, stampKey.channel(channel), current.consents[channel])
      : status === 'opted-out'
        ? topicOptOut(current, topic)
        : slotOf(
            current,
            stampKey.channelTopic(channel, topic),
            current.consents.channelTopics?.[channel]?.[topic],
          );
  if (!consentChangeWins({ status, stamp }, place)) {
    return current;
  }
  const { consents } = current;
  const next =
    topic === undefined
      ? { ...consents, [channel]: status }
      : status === 'opted-out'
        ? { ...consents, topics: { ...consents.topics, [topic]: status } }
        : {
            ...consents,
            channelTopics: {
              ...consents.channelTopics,
              [channel]: { ...consents.channelTopics?.[channel], [topic]: status },
            },
          };
  return { ...current, consents: next, stamps: { ...current.stamps, [place.key]: stamp } };
}

/** A consent as a change is ordered against: its value, and the stamp of the event that set it. */
type Slot = {
  readonly key: string;
  readonly status: ConsentStatus | undefined;
  readonly stamp: FieldStamp | undefined;
};

function slotOf(current: Profile, key: string, status: ConsentStatus | undefined): Slot {
  return { key, status, stamp: current.stamps?.[key] };
}

/**
 * A topic's opt-out slot. Profiles written before opt-ins named their channel may hold an opt-in
 * there, set for every channel: it is no opt-out, so an older opt-out that arrives now still
 * holds, as it would have had both arrived since.
 */
function topicOptOut(current: Profile, topic: string): Slot {
  const key = stampKey.topic(topic);
  return current.consents.topics[topic] === 'opted-out'
    ? slotOf(current, key, 'opted-out')
    : { key, status: undefined, stamp: undefined };
}

/**
 * The customer's tokens with those an event registers, one per token, the last registered last: a
 * token registered again moves to the end, so the first are those no app has sent for longest,
 * which a profile too full for an opt-out gives up first (see fitProfile).
 */
function mergeTokens(current: readonly PushToken[], added: readonly PushToken[]): PushToken[] {
  const byToken = new Map(current.map((token) => [token.token, token]));
  for (const token of added) {
    byToken.delete(token.token);
    byToken.set(token.token, token);
  }
  return [...byToken.values()];
}

/**
 * The event's time, or its arrival when it is dated later, cut to the whole second: EventBridge
 * (and the local bus) date events to the second, so an opt-in clamped to 12:00:00.300 outranked
 * the unsubscribe the customer made at 12:00:00.700, dated 12:00:00; cut, they tie, and at the
 * same instant the opt-out holds.
 */
function earliest(time: string, arrived: Date): string {
  if (Date.parse(time) <= arrived.getTime()) return time;
  return new Date(Math.floor(arrived.getTime() / 1000) * 1000).toISOString();
}
