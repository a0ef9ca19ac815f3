import * as z from 'zod/mini';
import { ERROR_NAMES } from '../../language/error-names.ts';

const ErrorFacts = z.looseObject({ name: z.optional(z.string()), message: z.optional(z.string()) });

/**
 * Errors that the same event will raise on every attempt: DynamoDB refused the request itself
 * (an item over 400 KB, a key over its limit, a value it cannot hold), the customer's profile has
 * no room for the change (shared/profiles/store.ts), or the SDK could not turn
 * the event into a request (a number it cannot represent). Retrying those only delays keeping the
 * event as rejected; every other error may pass and is retried.
 */
export function isUnstorable(error: unknown): boolean {
  const facts = ErrorFacts.safeParse(error);
  if (!facts.success) return false;
  const { name = '', message = '' } = facts.data;
  return (
    name === 'ValidationException' ||
    name === ERROR_NAMES.profileFull ||
    MARSHALLING_MESSAGES.some((pattern) => pattern.test(message))
  );
}

/** The messages of @aws-sdk/util-dynamodb's marshalling errors. */
const MARSHALLING_MESSAGES = [
  /Number .* is (greater|lesser) than Number\.(MAX|MIN)_SAFE_INTEGER/,
  /Unsupported type passed/,
  /Pass options\.removeUndefinedValues=true/,
  /Pass options\.convertClassInstanceToMap=true/,
];
