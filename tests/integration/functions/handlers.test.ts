import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCheckHandler } from '../../../functions/check/handler.ts';
import { createIngestHandler } from '../../../functions/ingest/handler.ts';
import { createSendHandler } from '../../../functions/send/handler.ts';
import { createUnsubscribeHandler } from '../../../functions/unsubscribe/handler.ts';
import { createUpdateProfileHandler } from '../../../functions/update-profile/handler.ts';
import { ledgerOf } from '../../../shared/ledger/ledger-store.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { createMetrics } from '../../../shared/observability/metrics.ts';
import type { OutgoingEvent } from '../../../shared/steps/emit.ts';
import { ERRORS } from '../../../state-machines/compiler/resources.ts';
import {
  cartEvent,
  startJourneyHarness,
  taskInput,
  UNSUBSCRIBE_SECRET,
} from '../../helpers/journey-harness.ts';

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
  it('log a failure a step records in its result, which nothing else reads', async () => {
    // Prepare: the update-profile handler, its logger watched, and a value its profile cannot hold
    const logger = createLogger('update-profile');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const handler = createUpdateProfileHandler(harness.stepDeps, { logger });
    const { input, taskOf } = await harness.enterOnboarding('h-logged');
    const task = taskOf('Update profile onboarding.stage');

    // Act
    const result = await handler({ ...task, update: { set: { summary: 'y'.repeat(400_000) } } }, context);

    // Assess
    expect(result).toMatchObject({ updated: [] });
    expect(warn).toHaveBeenCalledWith('step failed', {
      scenario: 'saas-onboarding',
      execution: input.journey.execution,
      profileId: 'h-logged',
      step: 'update-profile-onboarding-stage',
      message: expect.stringMatching(/^the profile of h-logged would take/),
    });
  });

  it('run the core on the Task input the compiled state machine passes', async () => {
    // Prepare
    await harness.seedProfile({ profileId: 'h-1', email: 'h1@example.com' });
    const input = await harness.enter('abandoned-cart', cartEvent('h-1'));
    harness.clock.advance(HOUR);
    const handler = createSendHandler(harness.sendDeps, observability());
    // Act
    const result = await handler(
      taskInput(harness.definitionOf('abandoned-cart'), 'Email cart-reminder', input),
      context,
    );
    // Assess
    expect(result).toMatchObject({ outcome: 'sent' });
  });

  it('refuse an input they cannot act on, naming the field', async () => {
    // Prepare
    const handler = createCheckHandler(harness.stepDeps, observability());
    // Act
    const attempt = handler({ step: 'x', journey: { scenario: 'abandoned-cart' }, facts: [] }, context);
    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'Parcours.InvalidInput',
      message: expect.stringContaining('journey.profileId'),
    });
  });

  it('keep the error names Step Functions routes on', async () => {
    // Prepare: the customer ordered before the check runs
    await harness.seedProfile({ profileId: 'h-2', email: 'h2@example.com' });
    const input = await harness.enter('abandoned-cart', cartEvent('h-2'));
    await harness.ingest([
      {
        id: 'h-2-order',
        source: 'shop',
        'detail-type': 'order.placed',
        time: '2026-11-23T09:30:00Z',
        detail: { profileId: 'h-2' },
      },
    ]);
    const handler = createCheckHandler(harness.stepDeps, observability());
    // Act
    const attempt = handler(
      taskInput(harness.definitionOf('abandoned-cart'), 'Check sms-relaunch', input),
      context,
    );
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: ERRORS.converted });
  });

  it('ingest keeps an invalid event with its reason and does not fail the delivery', async () => {
    // Prepare
    const handler = createIngestHandler(
      {
        ...harness.stepDeps,
        facts: harness.facts,
        resumeTask: async () => undefined,
        failTask: async () => undefined,
      },
      observability(),
    );
    // Act
    const report = await handler(
      { id: 'bad-1', source: 'shop', 'detail-type': 'cart.updated', time: 'yesterday', detail: {} },
      context,
    );
    // Assess
    expect(report.accepted).toBe(0);
    expect(report.rejected).toHaveLength(1);
    expect(report.rejected[0]?.reason).toMatch(/time|detail\.profileId/);
  });

  it('ingest applies an event, then starts the journeys it triggers and reports each outcome', async () => {
    // Prepare
    await harness.seedProfile({ profileId: 'h-entry', email: 'entry@example.com' });
    const starts: string[] = [];
    const handler = createIngestHandler(
      {
        ...harness.stepDeps,
        facts: harness.facts,
        resumeTask: async () => undefined,
        failTask: async () => undefined,
        startExecution: async ({ scenario, name }) => void starts.push(`${scenario}:${name}`),
      },
      observability(),
    );
    const cart = cartEvent('h-entry', { id: 'evt-entry-1', cartId: 'entry-cart' });
    const noCartId = {
      ...cartEvent('h-entry', { id: 'evt-entry-2' }),
      detail: { profileId: 'h-entry', itemCount: 1 },
    };

    // Act
    const report = await handler([cart, noCartId], context);

    // Assess
    expect(report.entries).toEqual([
      expect.objectContaining({ eventId: 'evt-entry-1', scenario: 'abandoned-cart', outcome: 'started' }),
      expect.objectContaining({
        eventId: 'evt-entry-2',
        scenario: 'abandoned-cart',
        outcome: 'skipped',
        reason: 'missing-journey-key',
        detail: 'the event has no detail.cartId, the journey key',
      }),
    ]);
    expect(starts).toEqual([expect.stringMatching(/^abandoned-cart:h-entry_abandoned-cart_/)]);
  });

  it('an unsubscribe link of a sent email stops the next marketing email', async () => {
    // Prepare: a first email goes out with its one-click link
    await harness.seedProfile({ profileId: 'h-unsub', email: 'leaving@example.com' });
    const first = await harness.enter('abandoned-cart', cartEvent('h-unsub', { id: 'evt-u1', cartId: 'u1' }));
    harness.clock.advance(HOUR);
    const send = createSendHandler(harness.sendDeps, observability());
    const sent = await send(
      taskInput(harness.definitionOf('abandoned-cart'), 'Email cart-reminder', first),
      context,
    );
    const email = (await harness.ses.storedEmails()).find((stored) => stored.messageId === sent.messageId);
    const link = (email?.headers ?? []).find((header) => header.name === 'List-Unsubscribe')?.value ?? '';
    const token = new URL(link.slice(1, -1)).searchParams.get('token') ?? '';
    const published: OutgoingEvent[] = [];
    const unsubscribe = createUnsubscribeHandler(
      {
        secrets: [UNSUBSCRIBE_SECRET],
        clock: harness.clock,
        publish: async (entries) => void published.push(...entries),
      },
      observability(),
    );
    const ingest = createIngestHandler(
      {
        ...harness.stepDeps,
        facts: harness.facts,
        resumeTask: async () => undefined,
        failTask: async () => undefined,
      },
      observability(),
    );
    // Act: the mail client's one-click POST, then the event reaches ingest through the bus
    await unsubscribe(
      {
        requestContext: { http: { method: 'POST' } },
        queryStringParameters: { token },
        body: 'List-Unsubscribe=One-Click',
      },
      context,
    );
    for (const [index, entry] of published.entries()) {
      await ingest(
        {
          id: `unsub-${index}`,
          source: entry.Source,
          'detail-type': entry.DetailType,
          time: entry.Time.toISOString(),
          detail: JSON.parse(entry.Detail),
        },
        context,
      );
    }
    const second = await harness.enter(
      'abandoned-cart',
      cartEvent('h-unsub', { id: 'evt-u2', cartId: 'u2' }),
    );
    harness.clock.advance(HOUR);
    const next = await send(
      taskInput(harness.definitionOf('abandoned-cart'), 'Email cart-reminder', second),
      context,
    );
    // Assess
    expect(sent.outcome).toBe('sent');
    expect(next).toEqual({ outcome: 'skipped', reason: 'unsubscribed-from-topic' });
    expect((await ledgerOf(harness.dynamo.store, 'h-unsub')).map((entry) => entry.outcome)).toEqual([
      'sent',
      'skipped',
    ]);
  });
});
