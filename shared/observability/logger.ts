import { Logger } from '@aws-lambda-powertools/logger';

// A match starts only where a local part starts: without the look-behind, a long run of
// local-part characters with no "@" was tried from each of its positions, quadratic time (40,000
// characters blocked the local platform for 3 s).
// The "@" may be percent-encoded, as in a link's query (`?email=ann%40example.com`).
const EMAIL =
  /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*(?:@|%40)([A-Za-z0-9])[A-Za-z0-9.-]*\.([A-Za-z]{2,})/g;
// International numbers (E.164 and its spaced forms, the shortest of 7 digits, as in Niue or
// Saint Helena) and North American ones written with separators; bare digit runs are ids and
// timestamps and stay as they are.
const PHONE = /\+\d[\d\s().-]{5,}\d|\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b/g;

/**
 * Masks email addresses and phone numbers wherever they appear in a string, so that an address
 * echoed in a provider's error message never reaches the logs in clear.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, '$1***@$2***.$3')
    .replace(PHONE, (number) => `${number.slice(0, 3)}***${number.slice(-2)}`);
}

/** Masks every string inside a log attribute, recursively. */
export function maskAttributes(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map(maskAttributes);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, maskAttributes(child)]));
  }
  return value;
}

/**
 * A Powertools logger for one function. Callers log ids (profile, execution, step), never
 * addresses; `maskPersonalData` covers what comes from outside, such as provider errors.
 */
export function createLogger(
  serviceName: string,
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT',
): Logger {
  return new Logger({ serviceName, ...(logLevel === undefined ? {} : { logLevel }) });
}
