import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SesEmailChannel } from '../../../shared/channels/ses-email.ts';
import { ledgerOf } from '../../../shared/ledger/ledger-store.ts';
import { SendInput } from '../../../shared/send/send-input.ts';
import { sendStep } from '../../../shared/send/send-step.ts';
import { ERRORS } from '../../../state-machines/compiler/resources.ts';
import { cartEvent, startJourneyHarness, taskInput } from '../../helpers/journey-harness.ts';

const HOUR = 3_600_000;
let harness: Awaited<ReturnType<typeof startJourneyHarness>>;

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());
beforeEach(() => harness.clock.set('2026-11-23T09:00:00Z'));

async function cartEmailInput(profileId: string, cartId: string) {
  const input = await harness.enter('abandoned-cart', cartEvent(profileId, { id: `evt-${cartId}`, cartId }));
  return SendInput.parse(taskInput(harness.definitionOf('abandoned-cart'), 'Email cart-reminder', input));
}

describe('frequency caps', () => {
  it('lets exactly as many marketing emails through as the cap allows when ten journeys send at once', async () => {
    // Prepare: parcours.config.yaml caps email at 3 per 7 days
    const cap = harness.bundle.config.caps.find((item) => item.channels?.includes('email'));
    expect(cap).toMatchObject({ max: 3, per: '7d' });
    await harness.seedProfile({ profileId: 'c-capped', email: 'busy@example.com' });
    const inputs = await Promise.all(
      Array.from({ length: 10 }, (_, index) => cartEmailInput('c-capped', `cart-${index}`)),
    );
    harness.clock.advance(HOUR);
    // Act
    const results = await Promise.all(inputs.map((input) => sendStep(input, harness.sendDeps)));
    // Assess
    expect(results.filter((result) => result.outcome === 'sent')).toHaveLength(3);
    expect(results.filter((result) => result.reason === 'capped')).toHaveLength(7);
    const ledger = await ledgerOf(harness.dynamo.store, 'c-capped');
    expect(ledger.filter((entry) => entry.outcome === 'sent')).toHaveLength(3);
    expect(ledger.filter((entry) => entry.reason === 'capped')).toHaveLength(7);
  });

  it('frees a place once the oldest send leaves the window', async () => {
    // Prepare: three sends fill the cap
    await harness.seedProfile({ profileId: 'c-window', email: 'window@example.com' });
    const inputs = await Promise.all(
      ['a', 'b', 'c', 'd'].map((cart) => cartEmailInput('c-window', `w-${cart}`)),
    );
    harness.clock.advance(HOUR);
    for (const input of inputs.slice(0, 3)) await sendStep(input, harness.sendDeps);
    const fourth = inputs[3];
    if (fourth === undefined) throw new Error('four inputs expected');
    // Act: a week and a minute later the first three are out of the 7-day window
    harness.clock.advance(7 * 24 * HOUR + 60_000);
    const later = await sendStep({ ...fourth, step: fourth.step }, harness.sendDeps);
    // Assess
    expect(later.outcome).toBe('sent');
  });
});

describe('provider failures', () => {
  it('asks Step Functions to retry on throttling, and the retry sends once the provider recovers', async () => {
    // Prepare: an SES client that is throttled once, then accepts
    const flaky = new SESv2Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const ses = mockClient(flaky);
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
    ses.on(SendEmailCommand).rejectsOnce(throttled).resolves({ MessageId: 'ses-after-retry' });
    const deps = {
      ...harness.sendDeps,
      channels: { ...harness.sendDeps.channels, email: new SesEmailChannel(flaky) },
    };
    await harness.seedProfile({ profileId: 'c-throttled', email: 'slow@example.com' });
    const input = await cartEmailInput('c-throttled', 'throttled');
    harness.clock.advance(HOUR);
    // Act
    const first = sendStep(input, deps);
    await expect(first).rejects.toMatchObject({ name: ERRORS.retryable });
    const retry = await sendStep(input, deps);
    // Assess
    expect(retry).toEqual({ outcome: 'sent', messageId: 'ses-after-retry' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    flaky.destroy();
  });

  it('records a permanent failure and lets the journey go on', async () => {
    // Prepare: SES refuses the message for good
    const refusing = new SESv2Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    mockClient(refusing)
      .on(SendEmailCommand)
      .rejects(
        Object.assign(new Error('Email address is not verified.'), {
          name: 'MessageRejected',
          $metadata: { httpStatusCode: 400 },
        }),
      );
    const deps = {
      ...harness.sendDeps,
      channels: { ...harness.sendDeps.channels, email: new SesEmailChannel(refusing) },
    };
    await harness.seedProfile({ profileId: 'c-rejected', email: 'rejected@example.com' });
    const input = await cartEmailInput('c-rejected', 'rejected');
    harness.clock.advance(HOUR);
    // Act
    const result = await sendStep(input, deps);
    // Assess: no exception (the state machine goes on), the ledger says why, the cap place is back
    expect(result).toEqual({ outcome: 'failed', reason: 'rejected' });
    expect(await ledgerOf(harness.dynamo.store, 'c-rejected')).toMatchObject([
      { outcome: 'failed', reason: 'rejected' },
    ]);
    refusing.destroy();
  });

  it('records a customer with no address as skipped, not failed', async () => {
    // Prepare
    await harness.seedProfile({ profileId: 'c-no-address', attributes: { firstName: 'Ann' } });
    const input = await cartEmailInput('c-no-address', 'no-address');
    harness.clock.advance(HOUR);
    // Act
    const result = await sendStep(input, harness.sendDeps);
    // Assess
    expect(result).toEqual({ outcome: 'skipped', reason: 'missing-address' });
  });
});
