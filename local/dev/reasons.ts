import { refusalText } from '../../shared/consent/refusal-text.ts';
import type { ExecutionStatus } from '../runtime/execution-record.ts';

/**
 * Plain-language readings of the ledger's skip reasons and of how journeys end, shared by the dev
 * log and `parcours trace`: the answer to "why didn't Jane get the SMS?" should read the same in both.
 */
export function skipReasonText(reason: string | undefined, channel: string): string {
  switch (reason) {
    case 'converted':
      return 'the customer reached the goal, so nothing more is sent';
    case 'unsubscribed':
    case 'unsubscribed-from-topic':
    case 'no-consent':
    case 'suppressed':
    case 'missing-address':
      return refusalText(reason, channel);
    case 'capped':
      return `frequency cap reached for ${channel}`;
    case 'quiet-hours-deferred':
      return 'quiet hours in the customer’s time zone';
    case undefined:
      return 'no reason recorded';
    default:
      return reason;
  }
}

/**
 * An uncertain send: the provider may or may not have taken it (the request left and no answer
 * came back), so Parcours does not send it again.
 */
export function uncertainText(reason: string | undefined): string {
  return `uncertain (${reason ?? 'no reason recorded'}): the provider may have taken it, so it is not sent again`;
}

export function endText(status: ExecutionStatus, lastState: string | undefined, error?: string): string {
  switch (status) {
    case 'completed':
      return 'completed';
    case 'converted':
      return 'converted: the goal was reached, nothing more is sent';
    case 'exited':
      return `exited (${lastState ?? 'exit step'})`;
    case 'held-out':
      return 'held out: in the control group, receives nothing and is still measured';
    case 'failed':
      return `failed: ${error ?? 'no error recorded'}`;
    case 'interrupted':
      return `interrupted: ${error ?? 'could not be resumed'}`;
    case 'running':
      return 'running';
  }
}
