import { onDemand } from '../modules/on-demand.ts';

/**
 * libphonenumber, loaded the first time a phone number is read rather than at cold start. Its
 * numbering plan is most of the library, and V8 pays for reading it whenever it is in the file a
 * function loads, used or not (20 to 40 million instructions of a cold start of ingest, send or
 * deliver). Most invocations read no number: an event without a phone, an email.
 *
 * The "min" metadata (about 80 KB, checked by number length per country) rather than "max" (about
 * 150 KB, full patterns), for ingest and send alike: a number accepted at ingest is one send
 * accepts.
 */
export type PhoneLibrary = typeof import('libphonenumber-js/min');

const phoneLibrary = onDemand<PhoneLibrary>(() => import('libphonenumber-js/min'));

/** Loads the library once; a failed load is not kept, so a later caller asks again. */
export const loadPhoneLibrary = phoneLibrary.load;

/**
 * The library for a synchronous check (a zod transform), which its caller loaded first with
 * loadPhoneLibrary: ingest before it validates a batch that carries a number.
 */
export function loadedPhoneLibrary(): PhoneLibrary {
  const loaded = phoneLibrary.loaded();
  if (loaded === undefined)
    throw new Error('libphonenumber is read before it is loaded: await loadPhoneLibrary() first');
  return loaded;
}
