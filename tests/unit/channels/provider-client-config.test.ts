import { describe, expect, it } from 'vitest';
import {
  PROVIDER_CALL_DEFAULTS,
  providerClientConfig,
  resendSafeRetryStrategy,
} from '../../../shared/channels/provider-client-config.ts';

/** The send function's own timeout is 30 s; a provider call must be over with time to spare. */
const PROVIDER_CALL_BUDGET_MS = 25_000;

const throttled = () =>
  Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });

describe('providerClientConfig', () => {
  it('fits every attempt, its timeouts and the backoff between attempts inside the budget', () => {
    // Prepare
    const { attempts, connectionTimeoutMs, requestTimeoutMs, maxDelayMs } = PROVIDER_CALL_DEFAULTS;

    // Act
    const config = providerClientConfig();
    const worstCallMs =
      attempts * (config.requestHandler.connectionTimeout + config.requestHandler.requestTimeout) +
      (attempts - 1) * maxDelayMs;

    // Assess
    expect(config.requestHandler).toMatchObject({
      connectionTimeout: connectionTimeoutMs,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    });
    expect(config).not.toHaveProperty('maxAttempts');
    expect(worstCallMs).toBeLessThan(PROVIDER_CALL_BUDGET_MS);
  });

  it('stops retrying a throttled call after the configured attempts', async () => {
    // Prepare
    const strategy = resendSafeRetryStrategy({ attempts: 2, baseDelayMs: 1, maxDelayMs: 1 });
    const first = await strategy.acquireInitialRetryToken('ses');

    // Act
    const second = await strategy.refreshRetryTokenForRetry(first, {
      error: throttled(),
      errorType: 'THROTTLING',
    });
    const third = strategy.refreshRetryTokenForRetry(second, { error: throttled(), errorType: 'THROTTLING' });

    // Assess
    expect(second.getRetryCount()).toBe(1);
    expect(second.getRetryDelay()).toBeLessThanOrEqual(1);
    await expect(third).rejects.toMatchObject({ name: 'Parcours.Retryable', reason: 'throttled' });
  });
});
