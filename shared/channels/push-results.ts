import * as z from 'zod/mini';
import { PermanentSendError, RetryableSendError, UncertainSendError } from './errors.ts';
import type { PushSendResult } from './ports.ts';

/** Pinpoint's per-address verdicts, parsed because a missing or new field must not crash a send. */
const MessageResult = z.looseObject({
  DeliveryStatus: z.optional(z.string()),
  StatusCode: z.optional(z.number()),
  StatusMessage: z.optional(z.string()),
  MessageId: z.optional(z.string()),
});
type MessageResult = z.infer<typeof MessageResult>;

export const PushResponse = z.looseObject({
  RequestId: z.optional(z.string()),
  Result: z.optional(z.record(z.string(), MessageResult)),
});
export type PushResponse = z.infer<typeof PushResponse>;

type TokenOutcome =
  | 'delivered'
  | 'invalid-token'
  | 'opted-out'
  | 'throttled'
  | 'transient'
  | 'rejected'
  | 'uncertain';

/**
 * APNs answers 410 (Unregistered) or 400 BadDeviceToken / DeviceTokenNotForTopic, FCM answers 404
 * UNREGISTERED or InvalidRegistration; Pinpoint passes them on as StatusCode and StatusMessage.
 * A bare 400 is not enough, since APNs also uses it for payload mistakes.
 */
const INVALID_TOKEN_CODES = new Set([404, 410]);
const INVALID_TOKEN_WORDS =
  /unregistered|not ?registered|bad ?device ?token|device ?token ?not ?for ?topic|invalid ?registration|invalid.?token/i;

function outcomeOf(result: MessageResult | undefined): TokenOutcome {
  // Pinpoint took the request and said nothing about this token: it may have reached the device.
  if (result === undefined) return 'uncertain';
  switch (result.DeliveryStatus) {
    case 'SUCCESSFUL':
      return 'delivered';
    case 'OPT_OUT':
      return 'opted-out';
    case 'THROTTLED':
      return 'throttled';
    case 'PERMANENT_FAILURE': {
      const code = result.StatusCode;
      const tokenAtFault =
        (code !== undefined && INVALID_TOKEN_CODES.has(code)) ||
        INVALID_TOKEN_WORDS.test(result.StatusMessage ?? '');
      return tokenAtFault ? 'invalid-token' : 'rejected';
    }
    case 'DUPLICATE':
      // Another address of the same request carries the message; tokens are de-duplicated
      // before sending, so this only happens if Pinpoint sees two spellings of one device.
      return 'rejected';
    default:
      // TEMPORARY_FAILURE, UNKNOWN_FAILURE, or a status added later.
      return 'transient';
  }
}

/**
 * Turns per-token verdicts into one outcome for the step. One delivery is a success, because the
 * person got the notification and a retry would notify their other devices twice; the invalid
 * tokens are returned for pruning. With no delivery, a token without a verdict makes the send
 * uncertain (asking again could notify that device twice); then anything transient wins (a later
 * attempt may reach the device), then invalid tokens, then opt-outs.
 */
export function interpretPushResults(tokens: readonly string[], response: PushResponse): PushSendResult {
  const withOutcome = tokens.map((token) => {
    const result = response.Result?.[token];
    return { token, result, outcome: outcomeOf(result) };
  });
  const tokensWith = (outcome: TokenOutcome) =>
    withOutcome.filter((entry) => entry.outcome === outcome).map((entry) => entry.token);

  const delivered = withOutcome.find((entry) => entry.outcome === 'delivered');
  const invalidTokens = tokensWith('invalid-token');
  if (delivered !== undefined) {
    const messageId = delivered.result?.MessageId ?? response.RequestId ?? 'unknown';
    return { messageId, invalidTokens };
  }

  const summary = `no push token accepted the message (${tokens.length} tried)`;
  const uncertain = tokensWith('uncertain');
  if (uncertain.length > 0) {
    throw new UncertainSendError(
      'unreadable-response',
      `${summary}: Pinpoint gave no verdict for ${uncertain.length}`,
    );
  }
  if (tokensWith('throttled').length > 0) throw new RetryableSendError('throttled', summary);
  if (tokensWith('transient').length > 0) throw new RetryableSendError('server-error', summary);
  if (invalidTokens.length > 0) {
    throw new PermanentSendError(
      'invalid-address',
      `${summary}: ${invalidTokens.length} invalid or unregistered`,
      {
        addresses: invalidTokens,
      },
    );
  }
  if (tokensWith('opted-out').length > 0) throw new PermanentSendError('opted-out', summary);
  throw new PermanentSendError('rejected', summary);
}
