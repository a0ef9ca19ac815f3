import { ERROR_NAMES } from '../../language/error-names.ts';
import { PermanentSendError, RetryableSendError, UncertainSendError } from '../channels/errors.ts';
import { ConvertedError, QuietHoursError } from '../journeys/journey-errors.ts';

/**
 * Another attempt of the step holds its claim. The state machine retries it on a fixed schedule
 * (RETRY_SEND_IN_PROGRESS) that outlasts the claim, so a later attempt finds the claim either
 * settled or stale, and the step's outcome always gets recorded.
 */
export class SendInProgressError extends Error {
  override readonly name = ERROR_NAMES.sendInProgress;

  constructor() {
    super('another attempt of this step holds its send claim');
  }
}

/** Errors whose name already tells the state machine what to do. */
function isRouted(error: unknown): boolean {
  return (
    error instanceof ConvertedError ||
    error instanceof QuietHoursError ||
    error instanceof SendInProgressError ||
    error instanceof RetryableSendError ||
    error instanceof PermanentSendError ||
    error instanceof UncertainSendError
  );
}

/**
 * Anything else (a store error, above all) is retried: the ledger makes a retry safe at every
 * point, since it never calls the provider again once a call started. The message names only the
 * error's type, as store and SDK messages may quote keys holding customer ids.
 */
export function routable(error: unknown): unknown {
  if (isRouted(error)) return error;
  const type = error instanceof Error ? error.name : typeof error;
  return new RetryableSendError('store', `send step interrupted by ${type}`, { cause: error });
}
