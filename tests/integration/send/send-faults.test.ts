import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEND_CLAIM_LIFETIME_SECONDS } from '../../../language/send-claim.ts';
import { SesEmailChannel } from '../../../shared/channels/ses-email.ts';
import { ledgerOf } from '../../../shared/ledger/ledger-store.ts';
import type { SendDeps } from '../../../shared/send/send-context.ts';
import { SendInput } from '../../../shared/send/send-input.ts';
import { sendStep } from '../../../shared/send/send-step.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import {
  ERRORS,
  RETRY_SEND_IN_PROGRESS,
  RETRY_TRANSIENT,
} from '../../../state-machines/compiler/resources.ts';
import { cartEvent, startJourneyHarness, taskInput } from '../../helpers/journey-harness.ts';
import { type ProviderBehaviour, startFakeSes } from './fake-ses.ts';
import { type FaultTiming, faultyStore, isCapWrite, isLedgerWrite } from './faulty-store.ts';

const HOUR = 3_600_000;
const PAST_STALE = (SEND_CLAIM_LIFETIME_SECONDS + 1) * 1000;
/** The ledger writes of a send that goes through: the claim, the call-started mark, the outcome. */
const CLAIM = 1;
const CALL_STARTED = 2;
const OUTCOME = 3;

let harness: Awaited<ReturnType<typeof startJourneyHarness>>;
let provider: Awaited<ReturnType<typeof startFakeSes>> | undefined;
let customers = 0;

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());
beforeEach(() => harness.clock.set('2026-11-23T09:00:00Z'));
afterEach(async () => {
  await provider?.stop();
  provider = undefined;
});

/** A customer in the abandoned-cart journey, an hour later, at the cart reminder email. */
async function cartReminder(category: 'marketing' | 'transactional' = 'marketing') {
  customers += 1;
  const profileId = `c-fault-${customers}`;
  await harness.seedProfile({ profileId, email: `fault-${customers}@example.com` });
  const input = await harness.enter('abandoned-cart', cartEvent(profileId, { cartId: `cart-${customers}` }));
  harness.clock.advance(HOUR);
  const parsed = SendInput.parse(
    taskInput(harness.definitionOf('abandoned-cart'), 'Email cart-reminder', input),
  );
  return { profileId, input: { ...parsed, category } };
}

async function startProvider(script: readonly ProviderBehaviour[]) {
  provider = await startFakeSes(script);
  return provider;
}

function depsWith(store: ItemStore, ses: Awaited<ReturnType<typeof startFakeSes>>): SendDeps {
  return {
    ...harness.sendDeps,
    store,
    channels: { ...harness.sendDeps.channels, email: new SesEmailChannel(ses.client) },
  };
}

async function finalRecord(profileId: string) {
  const ledger = await ledgerOf(harness.dynamo.store, profileId);
  expect(ledger).toHaveLength(1);
  return ledger[0];
}

describe('the in-progress retry contract', () => {
  it('retries a send that found a live claim late enough for the claim to be judged', () => {
    // Prepare: the retrier the compiler puts first on every Task
    const [first] = RETRY_TRANSIENT;

    // Act: when the second retry starts, counted from the failed attempt
    const secondRetryAfter =
      RETRY_SEND_IN_PROGRESS.IntervalSeconds * (1 + RETRY_SEND_IN_PROGRESS.BackoffRate);

    // Assess: without jitter, strictly after a claim's lifetime
    expect(first).toEqual(RETRY_SEND_IN_PROGRESS);
    expect(RETRY_SEND_IN_PROGRESS).toMatchObject({
      ErrorEquals: [ERRORS.sendInProgress],
      JitterStrategy: 'NONE',
    });
    expect(RETRY_SEND_IN_PROGRESS.MaxAttempts).toBeGreaterThanOrEqual(2);
    expect(secondRetryAfter).toBeGreaterThan(SEND_CLAIM_LIFETIME_SECONDS);
  });
});

describe('faults before the provider call', () => {
  it.each<[string, number, FaultTiming]>([
    ['the claim is lost', CLAIM, 'before-write'],
    ["the claim's answer is lost", CLAIM, 'after-write'],
    ['the call-started mark is lost', CALL_STARTED, 'before-write'],
    ["the call-started mark's answer is lost", CALL_STARTED, 'after-write'],
  ])('sends exactly once when %s and the retry comes at once', async (_label, nth, timing) => {
    // Prepare
    const { profileId, input } = await cartReminder();
    const ses = await startProvider(['accept']);
    const store = faultyStore(harness.dynamo.store, { nth, timing });

    // Act: the attempt fails, Step Functions retries
    const attempt = sendStep(input, depsWith(store, ses));
    await expect(attempt).rejects.toMatchObject({ name: ERRORS.retryable });
    const retry = await sendStep(input, depsWith(harness.dynamo.store, ses));

    // Assess
    expect(store.faults()).toBe(1);
    expect(ses.accepted()).toBe(1);
    expect(retry).toEqual({ outcome: 'sent', messageId: 'fake-ses-1' });
    expect(await finalRecord(profileId)).toMatchObject({ outcome: 'sent', providerMessageId: 'fake-ses-1' });
  });

  it('sends exactly once after an attempt died holding the claim, once the claim is stale', async () => {
    // Prepare: the store fails from the call-started mark on, so the claim is not even released
    const { profileId, input } = await cartReminder();
    const ses = await startProvider(['accept']);
    const dying = faultyStore(harness.dynamo.store, {
      nth: CALL_STARTED,
      timing: 'before-write',
      outage: true,
    });
    const healthy = depsWith(harness.dynamo.store, ses);
    await expect(sendStep(input, depsWith(dying, ses))).rejects.toMatchObject({ name: ERRORS.retryable });

    // Act: a retry while the claim may still be alive, then one past its lifetime
    const early = sendStep(input, healthy);
    await expect(early).rejects.toMatchObject({ name: ERRORS.sendInProgress });
    harness.clock.advance(PAST_STALE);
    const late = await sendStep(input, healthy);

    // Assess
    expect(ses.accepted()).toBe(1);
    expect(late).toMatchObject({ outcome: 'sent' });
    expect(await finalRecord(profileId)).toMatchObject({ outcome: 'sent' });
  });

  it('retries a 503 the provider answered before taking the message, and sends once', async () => {
    // Prepare: unavailable for more attempts than the SDK makes within one call
    const { profileId, input } = await cartReminder();
    const ses = await startProvider(['unavailable', 'unavailable', 'unavailable', 'accept']);
    const deps = depsWith(harness.dynamo.store, ses);

    // Act
    await expect(sendStep(input, deps)).rejects.toMatchObject({ name: ERRORS.retryable });
    const retry = await sendStep(input, deps);

    // Assess: three requests in the first call, one in the retry, one message taken
    expect(ses.requests()).toBe(4);
    expect(ses.accepted()).toBe(1);
    expect(retry).toMatchObject({ outcome: 'sent' });
    expect(await finalRecord(profileId)).toMatchObject({ outcome: 'sent' });
  });
});

describe('faults after the provider took the message', () => {
  it.each<[string, ProviderBehaviour, string]>([
    ['times out', 'accept-then-hang', 'provider-timeout'],
    ['resets the connection', 'accept-then-reset', 'connection-reset'],
  ])(
    'records the send as uncertain when the provider %s, and never sends it again',
    async (_label, behaviour, reason) => {
      // Prepare
      const { profileId, input } = await cartReminder();
      const ses = await startProvider([behaviour, 'accept']);
      const deps = depsWith(harness.dynamo.store, ses);

      // Act: the attempt, a retry, and one long after
      const first = await sendStep(input, deps);
      const retry = await sendStep(input, deps);
      harness.clock.advance(PAST_STALE);
      const later = await sendStep(input, deps);

      // Assess: the SDK did not resend within the call either
      expect(ses.requests()).toBe(1);
      expect(ses.accepted()).toBe(1);
      for (const result of [first, retry, later]) expect(result).toEqual({ outcome: 'uncertain', reason });
      expect(await finalRecord(profileId)).toMatchObject({ outcome: 'uncertain', reason });
    },
  );

  it('does not send a transactional message again either', async () => {
    // Prepare
    const { profileId, input } = await cartReminder('transactional');
    const ses = await startProvider(['accept-then-reset', 'accept']);
    const deps = depsWith(harness.dynamo.store, ses);

    // Act
    const first = await sendStep(input, deps);
    const retry = await sendStep(input, deps);

    // Assess
    expect(ses.accepted()).toBe(1);
    expect([first.outcome, retry.outcome]).toEqual(['uncertain', 'uncertain']);
    expect(await finalRecord(profileId)).toMatchObject({ outcome: 'uncertain', category: 'transactional' });
  });

  it('records uncertain (crashed-during-call) when the attempt died before writing the answer', async () => {
    // Prepare: the provider takes the message, then the store fails for good
    const { profileId, input } = await cartReminder();
    const ses = await startProvider(['accept']);
    const dying = faultyStore(harness.dynamo.store, { nth: OUTCOME, timing: 'before-write', outage: true });
    const healthy = depsWith(harness.dynamo.store, ses);

    // Act: the attempt fails under a retried name; retries come before and after the claim's lifetime
    await expect(sendStep(input, depsWith(dying, ses))).rejects.toMatchObject({ name: ERRORS.retryable });
    await expect(sendStep(input, healthy)).rejects.toMatchObject({ name: ERRORS.sendInProgress });
    harness.clock.advance(PAST_STALE);
    const late = await sendStep(input, healthy);
    const again = await sendStep(input, healthy);

    // Assess
    expect(ses.accepted()).toBe(1);
    expect(late).toEqual({ outcome: 'uncertain', reason: 'crashed-during-call' });
    expect(again).toEqual(late);
    expect(await finalRecord(profileId)).toMatchObject({
      outcome: 'uncertain',
      reason: 'crashed-during-call',
    });
  });

  it('answers sent from the ledger when only the answer of the outcome write was lost', async () => {
    // Prepare
    const { profileId, input } = await cartReminder();
    const ses = await startProvider(['accept']);
    const store = faultyStore(harness.dynamo.store, { nth: OUTCOME, timing: 'after-write' });

    // Act
    await expect(sendStep(input, depsWith(store, ses))).rejects.toMatchObject({ name: ERRORS.retryable });
    const retry = await sendStep(input, depsWith(harness.dynamo.store, ses));

    // Assess
    expect(ses.accepted()).toBe(1);
    expect(retry).toEqual({ outcome: 'sent', messageId: 'fake-ses-1' });
    expect(await finalRecord(profileId)).toMatchObject({ outcome: 'sent', providerMessageId: 'fake-ses-1' });
  });

  it('keeps a failure recorded when giving the cap place back fails, and the retry does not send', async () => {
    // Prepare: the provider refuses the message for good; the cap release (second cap write) fails
    const { profileId, input } = await cartReminder();
    const ses = await startProvider(['accept']);
    const refusing = {
      ...harness.sendDeps.channels,
      email: {
        send: async () => {
          throw Object.assign(new Error('Email address is not verified.'), {
            name: 'MessageRejected',
            $metadata: { httpStatusCode: 400 },
          });
        },
      },
    };
    const store = faultyStore(harness.dynamo.store, { nth: 2, timing: 'before-write', selects: isCapWrite });

    // Act
    const attempt = sendStep(input, { ...harness.sendDeps, store, channels: refusing });
    await expect(attempt).rejects.toMatchObject({ name: ERRORS.retryable });
    const retry = await sendStep(input, depsWith(harness.dynamo.store, ses));

    // Assess: no message went out, the failure stands with its reason
    expect(ses.accepted()).toBe(0);
    expect(retry).toEqual({ outcome: 'failed', reason: 'rejected' });
    expect(await finalRecord(profileId)).toMatchObject({ outcome: 'failed', reason: 'rejected' });
  });
});

describe('the fault injector', () => {
  it('counts the ledger writes of a send that goes through: claim, call-started mark, outcome', async () => {
    // Prepare: a fault past the last ledger write never strikes
    const { input } = await cartReminder();
    const ses = await startProvider(['accept']);
    const store = faultyStore(harness.dynamo.store, { nth: OUTCOME + 1, timing: 'before-write' });
    const third = faultyStore(harness.dynamo.store, {
      nth: OUTCOME,
      timing: 'after-write',
      selects: isLedgerWrite,
    });

    // Act
    const result = await sendStep(input, depsWith(store, ses));
    const repeat = await sendStep(input, depsWith(third, ses));

    // Assess
    expect(result).toMatchObject({ outcome: 'sent' });
    expect(repeat).toEqual(result);
    expect(store.writes()).toBe(OUTCOME);
    expect(store.written()).toEqual(['put sending', 'update', 'put sent']);
    expect(store.faults()).toBe(0);
    expect(third.writes()).toBe(0);
    expect(third.faults()).toBe(0);
  });
});
