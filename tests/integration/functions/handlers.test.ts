import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckHandler } from '../../../functions/check/handler.ts';
import { createSendHandler } from '../../../functions/send/handler.ts';
import { recordEvent } from '../../../shared/events/event-store.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { createMetrics } from '../../../shared/observability/metrics.ts';
import { ERRORS } from '../../../state-machines/compiler/resources.ts';
import { cartEvent, startJourneyHarness, taskInput } from '../../helpers/journey-harness.ts';

const HOUR = 3_600_000;
let harness: Awaited<ReturnType<typeof startJourneyHarness>>;
const context = {
  functionName: 'parcours-test',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:parcours-test',
  memoryLimitInMB: '256',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/parcours-test',
  logStreamName: 'stream',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

const observability = () => ({ logger: createLogger('test'), metrics: createMetrics('test') });

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());

describe('the middy handlers', () => {
  it('run the core on the Task input the compiled state machine passes', async () => {
    // Prepare
    await harness.seedProfile({ profileId: 'h-1', email: 'h1@example.com' });
    const input = await harness.enter('abandoned-cart', cartEvent('h-1'));
    harness.clock.advance(HOUR);
    const handler = createSendHandler(harness.sendDeps, observability());
    // Act
    const result = await handler(taskInput(harness.definitionOf('abandoned-cart'), 'Email cart-reminder', input), context);
    // Assess
    expect(result).toMatchObject({ outcome: 'sent' });
  });

  it('refuse an input they cannot act on, naming the field', async () => {
    // Prepare
    const handler = createCheckHandler(harness.stepDeps, observability());
    // Act
    const attempt = handler({ step: 'x', journey: { scenario: 'abandoned-cart' }, facts: [] }, context);
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'Parcours.InvalidInput', message: expect.stringContaining('journey.profileId') });
  });

  it('keep the error names Step Functions routes on', async () => {
    // Prepare: the customer ordered before the check runs
    await harness.seedProfile({ profileId: 'h-2', email: 'h2@example.com' });
    const input = await harness.enter('abandoned-cart', cartEvent('h-2'));
    await recordEvent(
      harness.dynamo.table,
      { id: 'h-2-order', source: 'shop', 'detail-type': 'order.placed', time: '2026-11-23T09:30:00Z', detail: { profileId: 'h-2' } },
      harness.clock.now(),
    );
    const handler = createCheckHandler(harness.stepDeps, observability());
    // Act
    const attempt = handler(taskInput(harness.definitionOf('abandoned-cart'), 'Check sms-relaunch', input), context);
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: ERRORS.converted });
  });
});
