import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { putEventsTo } from '../../../functions/kit/put-events.ts';
import { createUnsubscribeHandler } from '../../../functions/unsubscribe/handler.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { createMetrics } from '../../../shared/observability/metrics.ts';
import { signUnsubscribeToken } from '../../../shared/unsubscribe/tokens.ts';

const SECRET = 'unsubscribe-secret-for-tests-0123456789';
const clock = new ManualClock('2026-11-23T10:00:00Z');
const context = { functionName: 'unsubscribe', awsRequestId: 'r-1' } as unknown as Context;
const token = signUnsubscribeToken(
  { profileId: 'c-77', channel: 'email', topic: 'conversion', scenario: 'abandoned-cart' },
  SECRET,
  clock,
);
// EventBridge has no local stand-in on the AWS side: its answers are mocked, the client is real.
const eventBridge = mockClient(EventBridgeClient);

afterEach(() => {
  eventBridge.reset();
  vi.restoreAllMocks();
});

function endpoint() {
  const logger = createLogger('unsubscribe-test');
  const error = vi.spyOn(logger, 'error');
  const client = new EventBridgeClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const handler = createUnsubscribeHandler(
    { secrets: [SECRET], clock, publish: putEventsTo(client, 'shop-events') },
    { logger, metrics: createMetrics('unsubscribe-test') },
  );
  return { handler, error };
}

const oneClick = {
  requestContext: { http: { method: 'POST' } },
  queryStringParameters: { token },
  body: 'List-Unsubscribe=One-Click',
};
const confirmButton = { ...oneClick, body: 'confirm=unsubscribe' };

describe('the unsubscribe endpoint when EventBridge does not take the opt-out', () => {
  it('answers a one-click POST with a 503 so the mailbox provider retries, and logs the customer', async () => {
    // Prepare: PutEvents answers 200 with the entry refused
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error' }],
    });
    const { handler, error } = endpoint();

    // Act
    const response = await handler(oneClick, context);

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': '60' });
    expect(response.body).not.toMatch(/^Unsubscribed/);
    expect(response.body).toContain('try again');
    expect(eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries).toEqual([
      expect.objectContaining({ EventBusName: 'shop-events', DetailType: 'subscription.changed' }),
    ]);
    expect(error).toHaveBeenCalledWith(
      'unsubscribe not recorded',
      expect.objectContaining({
        profileId: 'c-77',
        channel: 'email',
        reason: expect.stringContaining('InternalFailure'),
      }),
    );
  });

  it('tells a person on the page that nothing was saved, instead of "You are unsubscribed"', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    const { handler } = endpoint();

    // Act
    const response = await handler(confirmButton, context);

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8' });
    expect(response.body).toContain('could not be saved');
    expect(response.body).not.toContain('You are unsubscribed');
  });

  it('fails the same way when PutEvents itself fails', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).rejects(new Error('socket hang up'));
    const { handler, error } = endpoint();

    // Act
    const response = await handler(oneClick, context);

    // Assess
    expect(response.statusCode).toBe(503);
    expect(error).toHaveBeenCalledWith(
      'unsubscribe not recorded',
      expect.objectContaining({ profileId: 'c-77', reason: 'socket hang up' }),
    );
  });

  it('says unsubscribed only once EventBridge accepted the event', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'evt-1' }] });
    const { handler, error } = endpoint();

    // Act
    const response = await handler(oneClick, context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('Unsubscribed.\n');
    expect(error).not.toHaveBeenCalled();
  });
});
