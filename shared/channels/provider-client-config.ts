import { classifySdkError, RetryableSendError } from './errors.ts';

/** What the SDK's retry middleware hands a retry strategy (a structural copy of its types). */
type RetryToken = { getRetryCount(): number; getRetryDelay(): number };
type RetryErrorInfo = { readonly error?: unknown; readonly errorType: string };

export type ProviderClientOptions = {
  /** Attempts per call, the first included, for answers that prove the message was not taken. */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Without an answer by then the call is uncertain (recorded, never resent). */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
};

/**
 * The send function times out after 30 s, and a provider call must end well before so the attempt
 * that made it records the answer (or provider-timeout) itself. The worst call is every attempt
 * waiting out its connection and request timeouts, plus the longest backoff between attempts:
 * 3 × (2 s + 5 s) + 2 × 1 s = 23 s, under 25 s, which leaves the ledger writes time to finish.
 */
export const PROVIDER_CALL_DEFAULTS = {
  attempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  connectionTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
} as const satisfies Required<ProviderClientOptions>;

/**
 * The SDK's standard strategy retries timeouts and ECONNRESET within the call, which resends a
 * message the provider may already have taken. This one retries only what classifySdkError calls
 * retryable (throttling, 5xx answers, connections that never opened), with full-jitter backoff.
 * It replaces the SDK's own, so the client's `maxAttempts` would be ignored: `attempts` counts here.
 */
export function resendSafeRetryStrategy(options: ProviderClientOptions = {}) {
  const { attempts, baseDelayMs, maxDelayMs } = { ...PROVIDER_CALL_DEFAULTS, ...options };
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
      if (retries >= attempts || !(verdict instanceof RetryableSendError) || verdict.reason === 'unknown') {
        throw verdict;
      }
      return token(retries, Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retries));
    },
    recordSuccess: (_token: RetryToken): void => {},
  };
}

/**
 * Client settings every provider client of the send function uses: no resend of a call the
 * provider may have taken, and attempts and timeouts that all fit inside the function's 30 s
 * (see PROVIDER_CALL_DEFAULTS), so a provider that never answers is recorded as uncertain
 * (provider-timeout) by the attempt that called it, not left to a claim turning stale.
 */
export function providerClientConfig(options: ProviderClientOptions = {}) {
  const settings = { ...PROVIDER_CALL_DEFAULTS, ...options };
  return {
    retryStrategy: resendSafeRetryStrategy(settings),
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
