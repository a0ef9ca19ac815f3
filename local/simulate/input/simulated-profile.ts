import * as z from 'zod/mini';
import { TimeZone } from '../../../language/time-zone.ts';
import { loadPhoneLibrary } from '../../../shared/channels/phone-library.ts';
import { ProfileId } from '../../../shared/events/envelope.ts';
import { eventProblem } from '../../../shared/ingest/storable-event.ts';
import { EmailAddress, Locale, PhoneNumber } from '../../../shared/profiles/contact-fields.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { isRecord } from '../../../shared/store/field-path.ts';

// The phone check reads libphonenumber, which the functions load on first use; whatever reads a
// simulation's profiles has it loaded with this module.
await loadPhoneLibrary();

/**
 * What the store would refuse (a number past 2^53, nesting past 32 levels, an empty key, a
 * `__proto__` key), found here with the line: found when the profile was stored, it stopped the
 * whole run naming neither the line nor the customer. Checked on the value as read, since zod's
 * copy of a record leaves a `__proto__` key out, where the platform refuses a profile.updated
 * that holds one.
 */
const StorableAsRead = z.unknown().check(
  z.check((payload) => {
    const problem = isRecord(payload.value) ? eventProblem(payload.value) : undefined;
    if (problem !== undefined)
      payload.issues.push({ code: 'custom', message: problem, input: payload.value });
  }),
);

/**
 * A profile of a simulation's profiles file. It is stored whole, not built from events, so its
 * contact fields get here the checks and normalisation ingest gives a `profile.updated` (an
 * address, a phone number in international form stored as E.164, an IANA zone, a BCP 47 tag), and
 * its id the bound an event's `profileId` has: a backtest must not count sends to an address the
 * live platform would have refused, nor to a customer no event can name.
 */
export const SimulatedProfile = z.pipe(
  StorableAsRead,
  z.extend(Profile, {
    profileId: ProfileId,
    email: z.optional(EmailAddress),
    phone: z.optional(PhoneNumber),
    timeZone: z.optional(TimeZone),
    locale: z.optional(Locale),
  }),
);
export type SimulatedProfile = z.infer<typeof SimulatedProfile>;
