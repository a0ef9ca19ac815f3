/**
 * libphonenumber, loaded the first time a phone number is read rather than at cold start. Its
 * numbering plan is most of the library, and V8 pays for reading it whenever it is in the file a
 * function loads, used or not (20 to 40 million instructions of a cold start of ingest, send or
 * deliver). Most invocations read no number: an event without a phone, an email.
 * Function bundles are split at this import (infra/bundle/function-bundle.ts), so the library is
 * a file of its own that only such an invocation loads.
 *
 * The "min" metadata (about 80 KB, checked by number length per country) rather than "max" (about
 * 150 KB, full patterns), for ingest and send alike: a number accepted at ingest is one send
 * accepts.
 */
export type PhoneLibrary = typeof import('libphonenumber-js/min');

let loading: Promise<PhoneLibrary> | undefined;
let loaded: PhoneLibrary | undefined;

/** Loads the library once; a failed load is not kept, so a later caller asks again. */
export function loadPhoneLibrary(): Promise<PhoneLibrary> {
  loading ??= import('libphonenumber-js/min').then(
    (library) => {
      loaded = library;
      return library;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The library for a synchronous check (a zod transform), which its caller loaded first with
 * loadPhoneLibrary: ingest before it validates a batch that carries a number.
 */
export function loadedPhoneLibrary(): PhoneLibrary {
  if (loaded === undefined)
    throw new Error('libphonenumber is read before it is loaded: await loadPhoneLibrary() first');
  return loaded;
}
