import * as z from 'zod/mini';
import { Channel } from '../../language/channel.ts';
import { TimeZone } from '../../language/time-zone.ts';
import { EmailAddress, Locale, PhoneNumber } from '../profiles/contact-fields.ts';

// The documented events that change a profile, apart from the envelope: their contact-field
// checks (libphonenumber) belong to ingest, and every step function reads envelopes.

/**
 * `profile.updated`: upserts traits and contact details. Contact fields are checked and normalised
 * here (phone to E.164, locale to its canonical tag), so a bad value is refused with its field
 * named instead of replacing a good one.
 */
export const ProfileUpdatedDetail = z.looseObject({
  profileId: z.string().check(z.minLength(1)),
  traits: z.optional(z.record(z.string(), z.unknown())),
  email: z.optional(EmailAddress),
  phone: z.optional(PhoneNumber),
  timeZone: z.optional(TimeZone),
  locale: z.optional(Locale),
  pushTokens: z.optional(
    z.array(
      z.object({
        token: z.string().check(z.minLength(1)),
        platform: z.enum(['apns', 'apns-sandbox', 'fcm']),
      }),
    ),
  ),
  // Consent is no profile field an update sets: a `consents` sent here was taken and dropped, and
  // the customer who had opted out went on getting messages.
  consents: z.optional(
    z.never({ error: 'consent changes are subscription.changed events (channel, topic, status)' }),
  ),
});
export type ProfileUpdatedDetail = z.infer<typeof ProfileUpdatedDetail>;

/**
 * A topic as scenarios name one (a program, or a send's `topic`), read in lower case without the
 * spaces around it: `"Conversion "` was taken as written and matched no scenario, so the opt-out
 * did nothing. The bound also keeps opt-outs from taking the room a profile keeps for the others
 * (shared/profiles/store.ts).
 */
const TopicName = z.pipe(
  z.pipe(
    z.string(),
    z.transform((topic) => topic.trim().toLowerCase()),
  ),
  z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'a topic is named as scenarios name one: letters, digits, "-" or "_"'),
      z.maxLength(48, 'a topic is at most 48 characters, as scenarios name one'),
    ),
);

/** `subscription.changed`: a consent change for a channel, optionally for one topic. */
export const SubscriptionChangedDetail = z.looseObject({
  profileId: z.string().check(z.minLength(1)),
  channel: Channel,
  topic: z.optional(TopicName),
  status: z.enum(['opted-in', 'opted-out']),
  via: z.optional(z.string()),
});
export type SubscriptionChangedDetail = z.infer<typeof SubscriptionChangedDetail>;

export const KNOWN_DETAIL_TYPES = {
  'profile.updated': ProfileUpdatedDetail,
  'subscription.changed': SubscriptionChangedDetail,
} as const;
