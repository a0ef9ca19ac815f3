import { ERROR_NAMES } from '../../language/error-names.ts';

/**
 * An event whose processing failed midway. Thrown so that Lambda retries the asynchronous
 * invocation (twice, with backoff) and then keeps the event in the on-failure queue
 * (infra/constructs/event-routing.ts); ingesting it again is safe, its effects are idempotent.
 */
export class IngestFailedError extends Error {
  override readonly name = ERROR_NAMES.retryable;
}
