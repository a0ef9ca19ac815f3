import * as z from 'zod/mini';
import { ERROR_NAMES } from '../../language/error-names.ts';

export const RetryableReason = z.enum([
  'throttled',
  'server-error',
  'timeout', // the provider answered that it timed out reading the request: it did not take it
  'network', // the request never left: refused connection, unknown host, no route
  'store', // the send ledger or another store failed; the retry reads the ledger first
  'unknown',
]);
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

/**
 * Why nobody knows whether the provider accepted a message: the request left, and no answer came
 * back. Sending it again could deliver it twice, so the send is recorded as uncertain instead.
 */
export const UncertainReason = z.enum([
  'provider-timeout', // no answer in time after the request was sent
  'connection-reset', // the connection broke (ECONNRESET, EPIPE, socket hang up) after sending
  'call-aborted', // the call was cancelled while in flight
  'unreadable-response', // the provider answered 2xx but the answer could not be read
]);
export type UncertainReason = z.infer<typeof UncertainReason>;

type ErrorOptions = { readonly cause?: unknown };

/** Worth another attempt later: throttling, 5xx, connections that never opened. */
export class RetryableSendError extends Error {
  override readonly name = ERROR_NAMES.retryable;
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
  override readonly name = ERROR_NAMES.permanentFailure;
  readonly reason: PermanentReason;
  readonly addresses: readonly string[];

  constructor(reason: PermanentReason, message: string, options: PermanentSendErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.reason = reason;
    this.addresses = options.addresses ?? [];
  }
}

/**
 * The provider may have accepted the message. The send step records it as uncertain and never
 * sends it again; its name is in no Retry list, should anything else let it escape.
 */
export class UncertainSendError extends Error {
  override readonly name = ERROR_NAMES.uncertainSend;
  readonly reason: UncertainReason;

  constructor(reason: UncertainReason, message: string, options: ErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.reason = reason;
  }
}

export type SendError = RetryableSendError | PermanentSendError | UncertainSendError;

/**
 * What the SDK puts on a thrown error. Parsed rather than cast: anything can be thrown, and
 * network failures arrive as plain Node errors with only a `code`. Built on the first failure, not
 * when the send function loads.
 */
const SdkErrorFacts = z.lazy(() =>
  z.looseObject({
    name: z.optional(z.string()),
    message: z.optional(z.string()),
    code: z.optional(z.string()),
    /** Node's socket errors say which call failed: `connect` and `getaddrinfo` mean nothing was sent. */
    syscall: z.optional(z.string()),
    Reason: z.optional(z.string()),
    $fault: z.optional(z.enum(['client', 'server'])),
    $metadata: z.optional(z.looseObject({ httpStatusCode: z.optional(z.number()) })),
    $retryable: z.optional(z.looseObject({ throttling: z.optional(z.boolean()) })),
  }),
);
type SdkErrorFacts = z.infer<typeof SdkErrorFacts>;

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  // SES v2 uses it for the sending quota; AWS advises waiting (up to 10 minutes) and retrying.
  'LimitExceededException',
]);

/**
 * With a status (HTTP 408) these names say the provider gave up before taking the request;
 * without one the client gave up waiting, and nobody knows.
 */
const TIMEOUT_NAMES = new Set(['RequestTimeout', 'RequestTimeoutException']);

/** The connection never opened: nothing reached the provider, so sending again is safe. */
const NOTHING_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
]);
const NOTHING_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo']);

/** The connection broke after it opened, maybe after the provider took the request. */
const BROKEN_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TIMED_OUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);

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
 * Sorts anything a channel adapter caught into retry-later, give-up, or uncertain. Only an answer
 * from the provider (a status) or a connection that never opened proves the message was not
 * taken; a timeout, a reset or an abort after the request left proves nothing, and sending again
 * could deliver twice.
 */
export function classifySdkError(error: unknown): SendError {
  if (
    error instanceof RetryableSendError ||
    error instanceof PermanentSendError ||
    error instanceof UncertainSendError
  )
    return error;

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

  if (status === undefined) {
    if (neverSent(facts)) return new RetryableSendError('network', summary, options);
    const uncertain = uncertainReason(facts, name);
    if (uncertain !== undefined) return new UncertainSendError(uncertain, summary, options);
  } else if (status >= 200 && status < 300) {
    // The provider said yes; only its answer got lost on the way (a malformed body).
    return new UncertainSendError('unreadable-response', summary, options);
  }

  if (TIMEOUT_NAMES.has(name)) return new RetryableSendError('timeout', summary, options);
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

  // No verdict from a service and no sign of a network call (a thrown string, a bug before the
  // request): Step Functions' bounded Retry turns a persistent cause into a visible failure.
  return new RetryableSendError('unknown', summary, options);
}

function neverSent(facts: SdkErrorFacts): boolean {
  if (facts.code !== undefined && NOTHING_SENT_CODES.has(facts.code)) return true;
  if (facts.syscall !== undefined && NOTHING_SENT_SYSCALLS.has(facts.syscall)) return true;
  // The SDK's connection timeout fires only while the socket is still connecting; it carries no
  // code, so its fixed wording is the one fact that tells it from a timeout after sending.
  return facts.name === 'TimeoutError' && /did not establish a connection/i.test(facts.message ?? '');
}

/**
 * The SDK renames ECONNRESET, EPIPE and ETIMEDOUT to TimeoutError and keeps the code, so the
 * code is read first.
 */
function uncertainReason(facts: SdkErrorFacts, name: string): UncertainReason | undefined {
  if (facts.code !== undefined && BROKEN_CONNECTION_CODES.has(facts.code)) return 'connection-reset';
  if (/socket hang up/i.test(facts.message ?? '')) return 'connection-reset';
  if (facts.code !== undefined && TIMED_OUT_CODES.has(facts.code)) return 'provider-timeout';
  if (name === 'TimeoutError' || TIMEOUT_NAMES.has(name)) return 'provider-timeout';
  if (name === 'AbortError') return 'call-aborted';
  return undefined;
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
