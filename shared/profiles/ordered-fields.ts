import type { Channel } from '../../language/channel.ts';
import type { ConsentStatus, FieldStamp } from './profile.ts';

/** The contact fields whose changes are ordered by event time. Push tokens are added, never replaced. */
export const CONTACT_FIELDS = ['email', 'phone', 'timeZone', 'locale'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** Where each ordered field's stamp is kept in `Profile.stamps`. */
export const stampKey = {
  contact: (field: ContactField): string => field,
  channel: (channel: Channel): string => `consents.${channel}`,
  topic: (topic: string): string => `consents.topics.${topic}`,
  channelTopic: (channel: Channel, topic: string): string => `consents.channelTopics.${channel}.${topic}`,
} as const;

/** The stamp an event puts on the fields it sets: its own time (normalised to UTC) and id. */
export function stampOf(event: { readonly id: string; readonly time: string }): FieldStamp {
  return { at: new Date(event.time).toISOString(), eventId: event.id };
}

/**
 * Last writer wins by event time, ties broken by event id: a total order on which every delivery
 * order agrees, so the same events give the same profile whatever order they arrive in. A field
 * without a stamp (imported profiles, data older than stamps) takes any change.
 */
export function isLater(candidate: FieldStamp, current: FieldStamp | undefined): boolean {
  if (current === undefined) return true;
  if (candidate.at !== current.at) return candidate.at > current.at;
  return candidate.eventId > current.eventId;
}

/**
 * As isLater, except that at the same event time an opt-out beats an opt-in whatever the ids: when
 * two sources disagree at the same instant, the customer is not messaged.
 */
export function consentChangeWins(
  change: { readonly status: ConsentStatus; readonly stamp: FieldStamp },
  current: { readonly status: ConsentStatus | undefined; readonly stamp: FieldStamp | undefined },
): boolean {
  if (current.stamp === undefined || change.stamp.at !== current.stamp.at) {
    return isLater(change.stamp, current.stamp);
  }
  if (change.status !== current.status) return change.status === 'opted-out';
  return isLater(change.stamp, current.stamp);
}
