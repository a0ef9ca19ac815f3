import { classifySdkError, RetryableSendError } from './errors.ts';

/** What the SDK's retry middleware hands a retry strategy (a structural copy of its types). */
type RetryToken = { getRetryCount(): number; getRetryDelay(): number };
type RetryErrorInfo = { readonly error?: unknown; readonly errorType: string };

export type ProviderClientOptions = {
  /** Attempts per call, the first included, for answers that prove the message was not taken. */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Without an answer by then the call is uncertain (recorded, never resent). */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
};

/**
 * The SDK's standard strategy retries timeouts and ECONNRESET within the call, which resends a
 * message the provider may already have taken. This one retries only what classifySdkError calls
 * retryable (throttling, 5xx answers, connections that never opened), with full-jitter backoff.
 */
export function resendSafeRetryStrategy(options: ProviderClientOptions = {}) {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const token = (retries: number, delay: number): RetryToken => ({
    getRetryCount: () => retries,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: async (_scope: string): Promise<RetryToken> => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> => {
      const retries = previous.getRetryCount() + 1;
      const verdict = classifySdkError(info.error);
      // Refusing ends the call: the middleware throws the original error to the adapter.
      if (
        retries >= maxAttempts ||
        !(verdict instanceof RetryableSendError) ||
        verdict.reason === 'unknown'
      ) {
        throw verdict;
      }
      return token(retries, Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retries));
    },
    recordSuccess: (_token: RetryToken): void => {},
  };
}

/**
 * Client settings every provider client of the send function uses: no resend of a call the
 * provider may have taken, and a request timeout well inside the function's own, so a provider
 * that never answers is recorded as uncertain (provider-timeout) by the attempt that called it.
 */
export function providerClientConfig(options: ProviderClientOptions = {}) {
  return {
    maxAttempts: options.maxAttempts ?? 3,
    retryStrategy: resendSafeRetryStrategy(options),
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      requestTimeout: options.requestTimeoutMs ?? 10_000,
      throwOnRequestTimeout: true,
    },
  };
}
