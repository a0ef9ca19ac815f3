import { PermanentSendError } from './errors.ts';
import { loadPhoneLibrary } from './phone-library.ts';

/**
 * Reads a profile's phone number as E.164, the only form SendTextMessage takes. A number that
 * libphonenumber cannot read, or reads as impossible for its country, is a permanent
 * `invalid-address`: no retry will make it deliverable, and an SMS sent to a wrongly guessed
 * number would reach a stranger.
 */
export async function toE164(raw: string, defaultCountry?: string): Promise<string> {
  const { isSupportedCountry, parsePhoneNumberFromString } = await loadPhoneLibrary();
  const country =
    defaultCountry !== undefined && isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
  const parsed = parsePhoneNumberFromString(raw, country);
  if (parsed === undefined || !parsed.isValid()) {
    // The number stays out of the message: error messages reach logs and execution history.
    throw new PermanentSendError('invalid-address', 'the phone number is not a valid E.164 number');
  }
  return parsed.number;
}
