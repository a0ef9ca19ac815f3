import * as z from 'zod/mini';
import { loadedPhoneLibrary } from '../channels/phone-library.ts';

/**
 * The contact fields apps send in `profile.updated`, checked when the event arrives rather than
 * when a message is sent: a bad value is refused with its field named, and the good value already
 * stored stays in place instead of being overwritten by one that would fail at send time.
 */

/** zod's email check (the HTML living standard's syntax), trimmed; the case of the mailbox is kept. */
export const EmailAddress = z.pipe(
  z.string().check(z.trim()),
  z.email('expected an email address such as jane@example.com'),
);
export type EmailAddress = z.infer<typeof EmailAddress>;

// zod/mini's transform has no addIssue: the transforms below push onto the parse's issues the
// custom issue that classic zod's addIssue would add, which fails the parse with its message.

/**
 * Stored as E.164, the only form SMS providers take. Only numbers written internationally (with
 * their country code) are accepted: guessing a country would send the SMS to a stranger. The
 * caller loads libphonenumber before parsing (loadPhoneLibrary; ingest does when a batch carries a
 * number), so the functions that read no number never load it.
 */
export const PhoneNumber = z.pipe(
  z.string(),
  z.transform((raw: string, context) => {
    const parsed = loadedPhoneLibrary().parsePhoneNumberFromString(raw.trim());
    if (parsed === undefined || !parsed.isValid()) {
      context.issues.push({
        code: 'custom',
        message:
          'expected a phone number in international form: +, the country code, then the number (E.164)',
        input: raw,
      });
      return z.NEVER;
    }
    return parsed.number;
  }),
);
export type PhoneNumber = z.infer<typeof PhoneNumber>;

/** A BCP 47 language tag, stored in its canonical form (`fr-fr` becomes `fr-FR`). */
export const Locale = z.pipe(
  z.string(),
  z.transform((raw: string, context) => {
    const canonical = canonicalLocale(raw.trim());
    if (canonical === undefined) {
      context.issues.push({
        code: 'custom',
        message: 'expected a BCP 47 language tag such as "fr" or "fr-FR"',
        input: raw,
      });
      return z.NEVER;
    }
    return canonical;
  }),
);
export type Locale = z.infer<typeof Locale>;

function canonicalLocale(tag: string): string | undefined {
  if (tag === '') return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}
