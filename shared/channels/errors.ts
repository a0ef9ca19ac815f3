import { z } from 'zod';

/**
 * The error names Step Functions matches on. A step's `Retry` lists RETRYABLE_ERROR_NAME and its
 * `Catch` lists PERMANENT_ERROR_NAME, so the names are part of the compiled ASL's contract: keep
 * them stable. The Lambda runtime reports `error.name` as the error type the state machine sees.
 */
export const RETRYABLE_ERROR_NAME = 'Parcours.Retryable';
export const PERMANENT_ERROR_NAME = 'Parcours.PermanentFailure';

export const RetryableReason = z.enum(['throttled', 'server-error', 'timeout', 'network', 'unknown']);
export type RetryableReason = z.infer<typeof RetryableReason>;

/** Why a send can never succeed as asked; the step records it as the skip or failure reason. */
export const PermanentReason = z.enum([
  'invalid-address', // malformed or unknown recipient: email, phone number or device token
  'opted-out', // the provider holds an opt-out for this recipient
  'rejected', // the provider refused this message (content, blocked destination, unverified recipient)
  'invalid-message', // the request itself is malformed: a bug or a bad template, not the recipient
  'configuration', // sender-side setup: identity, configuration set, application, permissions
  'account-suspended', // the account may not send at all
  'sending-paused', // sending was paused (for the account or configuration set) and needs a human
  'quota-exceeded', // a spend or volume limit that retrying within minutes will not lift
]);
export type PermanentReason = z.infer<typeof PermanentReason>;

type ErrorOptions = { readonly cause?: unknown };

/** Worth another attempt later: throttling, 5xx, timeouts, broken connections. */
export class RetryableSendError extends Error {
  override readonly name = RETRYABLE_ERROR_NAME;
  readonly reason: RetryableReason;

  constructor(reason: RetryableReason, message: string, options: ErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.reason = reason;
  }
}

export type PermanentSendErrorOptions = ErrorOptions & {
  /** The addresses at fault (push tokens), so the caller can prune them; never put in `message`. */
  readonly addresses?: readonly string[];
};

/** Retrying cannot help: the journey records the reason and moves on. */
export class PermanentSendError extends Error {
  override readonly name = PERMANENT_ERROR_NAME;
  readonly reason: PermanentReason;
  readonly addresses: readonly string[];

  constructor(reason: PermanentReason, message: string, options: PermanentSendErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.reason = reason;
    this.addresses = options.addresses ?? [];
  }
}

export type SendError = RetryableSendError | PermanentSendError;

/**
 * What the SDK puts on a thrown error. Parsed rather than cast: anything can be thrown, and
 * network failures arrive as plain Node errors with only a `code`.
 */
const SdkErrorFacts = z.looseObject({
  name: z.string().optional(),
  message: z.string().optional(),
  code: z.string().optional(),
  Reason: z.string().optional(),
  $fault: z.enum(['client', 'server']).optional(),
  $metadata: z.looseObject({ httpStatusCode: z.number().optional() }).optional(),
  $retryable: z.looseObject({ throttling: z.boolean().optional() }).optional(),
});
type SdkErrorFacts = z.infer<typeof SdkErrorFacts>;

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  // SES v2 uses it for the sending quota; AWS advises waiting (up to 10 minutes) and retrying.
  'LimitExceededException',
]);

const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

/** Service errors whose name alone says retrying is pointless (SES v2, SMS v2, Pinpoint). */
const PERMANENT_BY_NAME: ReadonlyMap<string, PermanentReason> = new Map([
  ['MessageRejected', 'rejected'],
  ['AccountSuspendedException', 'account-suspended'],
  ['SendingPausedException', 'sending-paused'],
  ['MailFromDomainNotVerifiedException', 'configuration'],
  ['NotFoundException', 'configuration'],
  ['ResourceNotFoundException', 'configuration'],
  ['ForbiddenException', 'configuration'],
  ['BadRequestException', 'invalid-message'],
  ['PayloadTooLargeException', 'invalid-message'],
  ['MethodNotAllowedException', 'invalid-message'],
  ['ServiceQuotaExceededException', 'quota-exceeded'],
]);

/** End User Messaging SMS explains some client errors in `Reason`; these ones name the recipient. */
const PERMANENT_BY_SMS_REASON: ReadonlyMap<string, PermanentReason> = new Map([
  ['DESTINATION_PHONE_NUMBER_OPTED_OUT', 'opted-out'],
  ['DESTINATION_PHONE_NUMBER_NOT_VERIFIED', 'rejected'],
  ['DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE', 'rejected'],
  ['DESTINATION_COUNTRY_BLOCKED', 'rejected'],
  ['DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION', 'rejected'],
  ['ACCOUNT_DISABLED', 'account-suspended'],
  ['INSUFFICIENT_ACCOUNT_REPUTATION', 'account-suspended'],
]);

/**
 * Sorts anything a channel adapter caught into retry-later or give-up. The SDK has already
 * retried throttling and 5xx a few times by the time it throws, so this decides what Step
 * Functions does next, not whether to retry at all.
 */
export function classifySdkError(error: unknown): SendError {
  if (error instanceof RetryableSendError || error instanceof PermanentSendError) return error;

  const parsed = SdkErrorFacts.safeParse(error);
  const facts: SdkErrorFacts = parsed.success ? parsed.data : {};
  const name = facts.name ?? 'UnknownError';
  const status = facts.$metadata?.httpStatusCode;
  const summary = describe(facts, name, status);
  const options = { cause: error };

  if (THROTTLING_NAMES.has(name) || facts.$retryable?.throttling === true || status === 429) {
    return new RetryableSendError('throttled', summary, options);
  }

  const byReason = facts.Reason === undefined ? undefined : PERMANENT_BY_SMS_REASON.get(facts.Reason);
  if (byReason !== undefined) return new PermanentSendError(byReason, summary, options);

  const byName = PERMANENT_BY_NAME.get(name);
  if (byName !== undefined) return new PermanentSendError(byName, summary, options);

  if (name === 'AccessDeniedException') return new PermanentSendError('configuration', summary, options);
  if (name === 'ValidationException' || name === 'ConflictException') {
    return new PermanentSendError('invalid-message', summary, options);
  }

  if (TIMEOUT_NAMES.has(name) || (facts.code !== undefined && TIMEOUT_CODES.has(facts.code))) {
    return new RetryableSendError('timeout', summary, options);
  }
  if (facts.code !== undefined && NETWORK_CODES.has(facts.code)) {
    return new RetryableSendError('network', summary, options);
  }

  if (
    facts.$retryable !== undefined ||
    facts.$fault === 'server' ||
    (status !== undefined && status >= 500)
  ) {
    return new RetryableSendError('server-error', summary, options);
  }
  if (facts.$fault === 'client' || (status !== undefined && status >= 400)) {
    return new PermanentSendError('rejected', summary, options);
  }

  // No verdict from a service: the request may never have left the process. Step Functions'
  // bounded Retry turns a persistent cause into a visible failure soon enough.
  return new RetryableSendError('unknown', summary, options);
}

/**
 * Built from the error's name, status and reason only, never its message: services quote the
 * recipient there (SES names unverified addresses), and this text lands in logs and execution
 * history, which must stay free of personal data.
 */
function describe(facts: SdkErrorFacts, name: string, status: number | undefined): string {
  const parts = [name];
  if (status !== undefined) parts.push(`HTTP ${status}`);
  if (facts.Reason !== undefined) parts.push(facts.Reason);
  if (facts.code !== undefined && facts.code !== name) parts.push(facts.code);
  return parts.join(' ');
}
