import { ERROR_NAMES } from '../../language/error-names.ts';

/**
 * The Lambda runtime reports a thrown error's `name` as its error type, and the state machine's
 * Retry and Catch rules match on that type: the names are the contract, not the classes.
 */
export const PERMANENT_FAILURE = ERROR_NAMES.permanentFailure;

/** Worth retrying with backoff: the network failed, the receiver timed out, throttled or erred. */
export class RetryableWebhookError extends Error {
  override readonly name = ERROR_NAMES.retryable;
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}

/** Retrying cannot help: the receiver refused the request, or the request itself is invalid. */
export class PermanentWebhookError extends Error {
  override readonly name = PERMANENT_FAILURE;
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
}
