import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createUnsubscribeHandler } from '../../../functions/unsubscribe/handler.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { createMetrics } from '../../../shared/observability/metrics.ts';
import type { OutgoingEvent } from '../../../shared/steps/emit.ts';
import { signUnsubscribeToken } from '../../../shared/unsubscribe/tokens.ts';

const SECRET = 'unsubscribe-secret-for-tests-0123456789';
const clock = new ManualClock('2026-11-23T10:00:00Z');
const context = { functionName: 'unsubscribe', awsRequestId: 'r-1' } as unknown as Context;

function endpoint() {
  const published: OutgoingEvent[] = [];
  const handler = createUnsubscribeHandler(
    { secrets: [SECRET], clock, publish: async (entries) => void published.push(...entries) },
    { logger: createLogger('unsubscribe-test'), metrics: createMetrics('unsubscribe-test') },
  );
  return { handler, published };
}

const request = (method: string, token: string, body?: string) => ({
  requestContext: { http: { method } },
  queryStringParameters: { token },
  ...(body === undefined ? {} : { body: Buffer.from(body).toString('base64'), isBase64Encoded: true }),
});

describe('the unsubscribe endpoint', () => {
  const token = signUnsubscribeToken(
    { profileId: 'c-42', channel: 'email', topic: 'conversion', scenario: 'abandoned-cart' },
    SECRET,
    clock,
  );

  it('records a one-click POST as a subscription.changed event for the customer', async () => {
    // Prepare
    const { handler, published } = endpoint();
    // Act
    const response = await handler(request('POST', token, 'List-Unsubscribe=One-Click'), context);
    // Assess
    expect(response.statusCode).toBe(200);
    expect(published).toHaveLength(1);
    expect(published[0]?.DetailType).toBe('subscription.changed');
    expect(JSON.parse(published[0]?.Detail ?? '{}')).toMatchObject({
      profileId: 'c-42',
      channel: 'email',
      topic: 'conversion',
      status: 'opted-out',
      via: 'one-click',
    });
  });

  it('shows a confirmation page on GET and changes nothing (mail scanners follow links)', async () => {
    // Prepare
    const { handler, published } = endpoint();
    // Act
    const response = await handler(request('GET', token), context);
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<form');
    expect(published).toHaveLength(0);
  });

  it('refuses a forged token', async () => {
    // Prepare
    const { handler, published } = endpoint();
    const forged = `${token.slice(0, -2)}xx`;
    // Act
    const response = await handler(request('POST', forged, 'List-Unsubscribe=One-Click'), context);
    // Assess
    expect(response.statusCode).toBe(400);
    expect(published).toHaveLength(0);
  });
});
