import * as z from 'zod/mini';
import type { Channel } from '../../language/channel.ts';

export const ConsentStatus = z.enum(['opted-in', 'opted-out']);
export type ConsentStatus = z.infer<typeof ConsentStatus>;

export const PushPlatform = z.enum(['apns', 'apns-sandbox', 'fcm']);
export type PushPlatform = z.infer<typeof PushPlatform>;

export const PushToken = z.object({ token: z.string().check(z.minLength(1)), platform: PushPlatform });
export type PushToken = z.infer<typeof PushToken>;

/**
 * Consent per channel, and per topic (a program or a newsletter) within marketing. An opt-out of
 * a topic holds on every channel (`topics`); an opt-in to a topic names its channel
 * (`channelTopics`, by channel then topic) and lifts an earlier opt-out of the topic on that
 * channel only: an SMS opt-in to a topic re-subscribed the customer to its emails they had
 * unsubscribed from (see consent.ts).
 */
export const Consents = z.object({
  email: z.optional(ConsentStatus),
  sms: z.optional(ConsentStatus),
  push: z.optional(ConsentStatus),
  topics: z._default(z.record(z.string(), ConsentStatus), {}),
  channelTopics: z.optional(z.record(z.string(), z.record(z.string(), ConsentStatus))),
});
export type Consents = z.infer<typeof Consents>;

/**
 * The event that last set a consent or contact field. Apps and providers deliver events late and
 * out of order, so a change applies only if its event is newer than this one (see
 * ordered-fields.ts): an old opt-in replayed after an opt-out never re-subscribes anyone.
 */
export const FieldStamp = z.object({ at: z.string(), eventId: z.string() });
export type FieldStamp = z.infer<typeof FieldStamp>;

/**
 * A customer. Addresses live here and only here: execution state, logs and metrics carry the
 * profile id, and the functions that need an address read it from this item.
 */
export const Profile = z.object({
  profileId: z.string().check(z.minLength(1)),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  pushTokens: z._default(z.array(PushToken), []),
  consents: z._default(Consents, { topics: {} }),
  timeZone: z.optional(z.string()),
  locale: z.optional(z.string()),
  attributes: z._default(z.record(z.string(), z.unknown()), {}),
  /**
   * Per consent and contact field (keys from ordered-fields.ts), the event that set its current
   * value. Absent on imported profiles: any event then wins.
   */
  stamps: z.optional(z.record(z.string(), FieldStamp)),
  createdAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
});
export type Profile = z.infer<typeof Profile>;

export const PERSONAL_FIELDS = ['email', 'phone', 'pushTokens'] as const;

/**
 * How conditions and templates see a profile: its attributes at the top level
 * (`profile.role`, `profile.firstName`) next to the reserved fields, which win on a clash.
 */
export function profileView(profile: Profile): Record<string, unknown> {
  return {
    ...profile.attributes,
    profileId: profile.profileId,
    email: profile.email,
    phone: profile.phone,
    pushTokens: profile.pushTokens,
    consents: profile.consents,
    timeZone: profile.timeZone,
    locale: profile.locale,
  };
}

export function channelConsent(profile: Profile, channel: Channel): ConsentStatus | undefined {
  return profile.consents[channel];
}
