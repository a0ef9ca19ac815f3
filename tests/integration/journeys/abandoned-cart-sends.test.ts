import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ConflictException, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerOf } from '../../../shared/ledger/ledger-store.ts';
import { loadProfile } from '../../../shared/profiles/store.ts';
import { SendInput } from '../../../shared/send/send-input.ts';
import { sendStep } from '../../../shared/send/send-step.ts';
import { CheckInput, checkFacts } from '../../../shared/steps/check.ts';
import { ERRORS } from '../../../state-machines/compiler/resources.ts';
import { cartEvent, startJourneyHarness, taskInput } from '../../helpers/journey-harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let harness: Awaited<ReturnType<typeof startJourneyHarness>>;
let sms: AwsClientStub<PinpointSMSVoiceV2Client>;

beforeAll(async () => {
  harness = await startJourneyHarness();
  sms = mockClient(harness.smsClient);
});
afterAll(async () => harness.stop());
beforeEach(() => {
  sms.reset();
  sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
  harness.clock.set('2026-11-23T09:00:00Z');
});

/** Runs the abandoned-cart steps as its state machine would, moving the clock as its waits do. */
async function runAbandonedCart(profileId: string) {
  const definition = harness.definitionOf('abandoned-cart');
  const input = await harness.enter('abandoned-cart', cartEvent(profileId));
  if (input === undefined) throw new Error('the journey did not start');
  harness.clock.advance(HOUR);
  const email = await sendStep(
    SendInput.parse(taskInput(definition, 'Email cart-reminder', input)),
    harness.sendDeps,
  );
  harness.clock.advance(DAY);
  const facts = await checkFacts(
    CheckInput.parse(taskInput(definition, 'Check sms-relaunch', input)),
    harness.stepDeps,
  );
  // The compiled Choice rule sends the SMS when fact f1 is the string "opted-in".
  const smsResult =
    facts.f1 === 'opted-in'
      ? await sendStep(SendInput.parse(taskInput(definition, 'SMS cart-sms', input)), harness.sendDeps)
      : undefined;
  return { input, email, facts, sms: smsResult };
}

describe('abandoned cart, driven as its state machine drives the functions', () => {
  it('emails an opted-in customer their cart items after an hour, then texts them a day later', async () => {
    // Prepare
    await harness.seedProfile({
      profileId: 'c-opted-in',
      email: 'jane@example.com',
      phone: '+12025550142',
      attributes: { firstName: 'Jane' },
      consents: { sms: 'opted-in', topics: {} },
    });
    // Act
    const run = await runAbandonedCart('c-opted-in');
    // Assess: the email as aws-ses-v2-local received it
    expect(run.email.outcome).toBe('sent');
    const stored = (await harness.ses.storedEmails()).find(
      (email) => email.messageId === run.email.messageId,
    );
    expect(stored?.destination.to).toEqual(['jane@example.com']);
    expect(stored?.subject).toBe('Jane, your cart is waiting');
    expect(stored?.body.html).toContain('Trail shoes');
    expect(stored?.body.html).toContain('Running socks');
    expect(stored?.body.text).toContain('2 x Running socks');
    const headers = Object.fromEntries((stored?.headers ?? []).map((header) => [header.name, header.value]));
    expect(headers['List-Unsubscribe']).toMatch(
      /^<https:\/\/links\.shop\.example\/unsubscribe\?token=[\w-]+\.[\w-]+>$/,
    );
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // … and the SMS a day later
    expect(run.sms?.outcome).toBe('sent');
    const [call] = sms.commandCalls(SendTextMessageCommand);
    expect(call?.args[0].input).toMatchObject({
      DestinationPhoneNumber: '+12025550142',
      MessageType: 'PROMOTIONAL',
      ConfigurationSetName: 'parcours-sms',
    });
    expect(call?.args[0].input.MessageBody).toContain('https://shop.example/cart/cart-c-opted-in');
    // … each recorded in the ledger with its step
    const ledger = await ledgerOf(harness.dynamo.store, 'c-opted-in');
    expect(ledger.map((entry) => [entry.step, entry.outcome])).toEqual([
      ['cart-email', 'sent'],
      ['cart-sms', 'sent'],
    ]);
  });

  it('sends nothing to an unsubscribed customer and records why', async () => {
    // Prepare
    await harness.seedProfile({
      profileId: 'c-unsubscribed',
      email: 'joe@example.com',
      consents: { email: 'opted-out', topics: {} },
    });
    const before = (await harness.ses.storedEmails()).length;
    // Act
    const run = await runAbandonedCart('c-unsubscribed');
    // Assess
    expect(run.email).toEqual({ outcome: 'skipped', reason: 'unsubscribed' });
    expect(run.sms).toBeUndefined();
    expect(await harness.ses.storedEmails()).toHaveLength(before);
    const ledger = await ledgerOf(harness.dynamo.store, 'c-unsubscribed');
    expect(ledger).toMatchObject([
      { step: 'cart-email', outcome: 'skipped', reason: 'unsubscribed', channel: 'email' },
    ]);
  });

  it('never sends the same step twice, whether retried in sequence or concurrently', async () => {
    // Prepare
    await harness.seedProfile({ profileId: 'c-retried', email: 'retry@example.com' });
    const definition = harness.definitionOf('abandoned-cart');
    const input = await harness.enter('abandoned-cart', cartEvent('c-retried'));
    harness.clock.advance(HOUR);
    const send = () =>
      sendStep(SendInput.parse(taskInput(definition, 'Email cart-reminder', input)), harness.sendDeps);
    // Act: five concurrent invocations, then two more retries
    const concurrent = await Promise.allSettled([send(), send(), send(), send(), send()]);
    const retried = [await send(), await send()];
    // Assess: one email reached SES, and every answer names that one message
    const toCustomer = (await harness.ses.storedEmails()).filter((email) =>
      email.destination.to.includes('retry@example.com'),
    );
    expect(toCustomer).toHaveLength(1);
    const sent = [
      ...concurrent.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
      ...retried,
    ];
    expect(
      sent.every((result) => result.outcome === 'sent' && result.messageId === toCustomer[0]?.messageId),
    ).toBe(true);
    // A concurrent attempt that found the send in progress asked Step Functions to retry later.
    for (const result of concurrent)
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ name: ERRORS.sendInProgress });
  });

  it('sends nothing more once the customer placed the order, and records the conversion', async () => {
    // Prepare
    await harness.seedProfile({ profileId: 'c-converted', email: 'buyer@example.com' });
    const definition = harness.definitionOf('abandoned-cart');
    const input = await harness.enter('abandoned-cart', cartEvent('c-converted'));
    // The order arrives when it is placed: ingest refuses events dated ahead of their arrival.
    harness.clock.set('2026-11-23T09:20:00Z');
    await harness.ingest([
      {
        id: 'evt-order',
        source: 'shop',
        'detail-type': 'order.placed',
        time: '2026-11-23T09:20:00Z',
        detail: { profileId: 'c-converted', total: 114.9 },
      },
    ]);
    harness.clock.advance(HOUR);
    // Act
    const attempt = sendStep(
      SendInput.parse(taskInput(definition, 'Email cart-reminder', input)),
      harness.sendDeps,
    );
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: ERRORS.converted });
    expect(await ledgerOf(harness.dynamo.store, 'c-converted')).toMatchObject([
      { outcome: 'skipped', reason: 'converted' },
    ]);
    const facts = harness.facts.facts.filter((fact) => fact.profile_id === 'c-converted');
    expect(facts.map((fact) => `${fact.kind}:${fact.outcome ?? fact.grp ?? ''}`).sort()).toEqual([
      'conversion:treatment',
      'entry:treatment',
      'message:skipped',
    ]);
    expect(facts.find((fact) => fact.kind === 'conversion')).toMatchObject({
      occurred_at: '2026-11-23T09:20:00.000Z',
      event_id: 'evt-order',
      execution: input?.journey.execution,
    });
  });

  it("holds an SMS during the customer's quiet hours and says until when", async () => {
    // Prepare: 21:30 in Paris (UTC+1 in November), inside quiet hours 21:00–08:00
    await harness.seedProfile({
      profileId: 'c-night',
      phone: '+12025550143',
      timeZone: 'Europe/Paris',
      consents: { sms: 'opted-in', topics: {} },
    });
    const definition = harness.definitionOf('abandoned-cart');
    const input = await harness.enter('abandoned-cart', cartEvent('c-night'));
    harness.clock.set('2026-11-23T20:30:00Z');
    // Act
    const attempt = sendStep(SendInput.parse(taskInput(definition, 'SMS cart-sms', input)), harness.sendDeps);
    // Assess: quiet hours end at 08:00 Paris = 07:00 UTC the next morning
    await expect(attempt).rejects.toMatchObject({
      name: ERRORS.quietHours,
      until: new Date('2026-11-24T07:00:00Z'),
    });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(0);
    expect(await ledgerOf(harness.dynamo.store, 'c-night')).toMatchObject([
      { outcome: 'deferred', reason: 'quiet-hours-deferred', until: '2026-11-24T07:00:00.000Z' },
    ]);
  });

  it('takes a number the SMS provider holds an opt-out for (a STOP reply) as opted out of SMS', async () => {
    // Prepare: opted in on the profile, but the number replied STOP to an earlier text
    await harness.seedProfile({
      profileId: 'c-stop',
      email: 'stop@example.com',
      phone: '+12025550199',
      consents: { sms: 'opted-in', topics: {} },
    });
    sms.on(SendTextMessageCommand).rejects(
      new ConflictException({
        message: 'The destination phone number is opted out',
        $metadata: { httpStatusCode: 400 },
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      }),
    );
    // Act
    const run = await runAbandonedCart('c-stop');
    // An opt-in the app sent before the text and delivered after it
    const late = await harness.ingest([
      {
        id: 'late-opt-in',
        source: 'app',
        'detail-type': 'subscription.changed',
        time: new Date(harness.clock.now().getTime() - HOUR).toISOString(),
        detail: { profileId: 'c-stop', channel: 'sms', status: 'opted-in' },
      },
    ]);
    // Assess: the send failed as opted out, and the profile now says so, the late opt-in
    // notwithstanding, so the next journey's check no longer takes the SMS branch
    expect(run.sms).toMatchObject({ outcome: 'failed', reason: 'opted-out' });
    expect(late.accepted).toBe(1);
    expect((await loadProfile(harness.dynamo.store, 'c-stop'))?.consents.sms).toBe('opted-out');
    harness.clock.advance(DAY);
    const again = await runAbandonedCart('c-stop');
    expect(again.facts.f1).toBe('opted-out');
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(1);
  });
});
