import { describe, expect, it } from 'vitest';
import { ERRORS, TRANSIENT_MAX_ATTEMPTS } from '../../state-machines/compiler/resources.ts';
import { COMPLETED_STATE, CONVERTED_STATE } from '../../state-machines/compiler/scenario-builder.ts';
import { compiledExample } from '../helpers/examples.ts';
import { namedError, runLocally, type TaskCall } from '../helpers/run-locally.ts';

const journeyInput = (buckets: Record<string, number> = {}) => ({
  journey: { scenario: 'example', profileId: 'customer-42', execution: 'customer-42-e1' },
  event: { 'detail-type': 'cart.updated', detail: { cartId: 'c1' } },
  buckets,
});

const sends = (calls: readonly TaskCall[]) =>
  calls.filter((call) => 'channel' in call.input).map((call) => call.state);

describe('compiled examples on the local Step Functions engine', () => {
  it('abandoned cart: an SMS opt-in gets the email then the SMS', async () => {
    const { compiled } = await compiledExample('abandoned-cart');

    const run = await runLocally(compiled.definition, journeyInput(), ({ state }) =>
      state.startsWith('Check') ? { f1: 'opted-in' } : {},
    );

    expect(sends(run.calls)).toEqual(['Email cart-reminder', 'SMS cart-sms']);
    expect(run.lastState).toBe('SMS cart-sms');
  });

  it('abandoned cart: without SMS consent the journey completes after the email', async () => {
    const { compiled } = await compiledExample('abandoned-cart');

    const run = await runLocally(compiled.definition, journeyInput(), () => ({}));

    expect(sends(run.calls)).toEqual(['Email cart-reminder']);
    expect(run.lastState).toBe(COMPLETED_STATE);
    expect(compiled.manifest.outcomes[COMPLETED_STATE]).toBe('completed');
  });

  it('abandoned cart: a conversion reported by the send function ends the journey as converted', async () => {
    const { compiled } = await compiledExample('abandoned-cart');

    const run = await runLocally(compiled.definition, journeyInput(), ({ state }) => {
      if (state === 'Email cart-reminder') throw namedError(ERRORS.converted);
      return {};
    });

    expect(run.lastState).toBe(CONVERTED_STATE);
    expect(run.calls.map((call) => call.state)).toEqual(['Email cart-reminder']);
  });

  it('abandoned cart: an SMS in quiet hours waits for them to end, then is sent', async () => {
    const { compiled } = await compiledExample('abandoned-cart');
    let smsAttempts = 0;

    const run = await runLocally(compiled.definition, journeyInput(), ({ state }) => {
      if (state.startsWith('Check')) return { f1: 'opted-in' };
      if (state.startsWith('Schedule')) return { at: '2026-11-23T07:00:00Z' };
      if (state === 'SMS cart-sms') {
        smsAttempts += 1;
        if (smsAttempts === 1) throw namedError(ERRORS.quietHours);
      }
      return {};
    });

    expect(run.entered).toEqual([
      'Wait 1 hour',
      'Email cart-reminder',
      'Wait 1 day',
      'Check sms-relaunch',
      'Branch sms-relaunch',
      'SMS cart-sms',
      'Schedule SMS cart-sms after quiet hours',
      'SMS cart-sms: quiet hours',
      'SMS cart-sms',
    ]);
  });

  it('newsletter: a provider throttling for a hundred attempts is waited out, and the email goes once', async () => {
    // Prepare: SES answers "throttled" (Parcours.Retryable) 100 times, then takes the message
    const { compiled } = await compiledExample('monthly-newsletter');
    let attempts = 0;

    // Act
    const run = await runLocally(compiled.definition, journeyInput(), ({ state }) => {
      if (state !== 'Email monthly-newsletter') return {};
      attempts += 1;
      if (attempts <= 100) throw namedError(ERRORS.retryable);
      return {};
    });

    // Assess: the old six attempts would have failed the journey two minutes in
    expect(attempts).toBe(101);
    expect(run.lastState).toBe('Email monthly-newsletter');
    expect(run.entered.filter((state) => state === 'Email monthly-newsletter')).toHaveLength(1);
  });

  it('a transient failure that outlasts every attempt fails the journey, after the 150th', async () => {
    const { compiled } = await compiledExample('monthly-newsletter');
    let attempts = 0;

    const run = runLocally(compiled.definition, journeyInput(), ({ state }) => {
      if (state === 'Email monthly-newsletter') attempts += 1;
      throw namedError(ERRORS.retryable);
    });

    await expect(run).rejects.toThrow();
    expect(attempts).toBe(TRANSIENT_MAX_ATTEMPTS + 1);
  });

  it('win-back: the holdout bucket receives nothing; others get the variant of their bucket', async () => {
    const { compiled } = await compiledExample('win-back');
    const [holdout, split] = compiled.manifest.buckets;
    if (holdout === undefined || split === undefined)
      throw new Error('win-back declares a holdout and a split');

    const heldOut = await runLocally(
      compiled.definition,
      journeyInput({ [holdout.key]: 3, [split.key]: 10 }),
      () => ({}),
    );
    const discount = await runLocally(
      compiled.definition,
      journeyInput({ [holdout.key]: 40, [split.key]: 75 }),
      () => ({}),
    );

    expect(sends(heldOut.calls)).toEqual([]);
    expect(compiled.manifest.outcomes[heldOut.lastState ?? '']).toBe('held-out');
    expect(sends(discount.calls)).toEqual(['Email win-back-discount']);
    expect(discount.calls.find((call) => call.state === 'Email win-back-discount')?.input.variant).toBe(
      'discount',
    );
  });

  it('onboarding: a marketer at a large company gets the enterprise email and sales is notified', async () => {
    const { compiled } = await compiledExample('saas-onboarding');

    const run = await runLocally(compiled.definition, journeyInput(), ({ state, input }) => {
      if (state === 'Check by-role') return { f1: 'marketer' };
      if (state === 'Check marketer-by-size') return { f1: true };
      if (state.startsWith('Schedule')) return { at: '2026-11-24T08:00:00Z' };
      expect(input.journey).toEqual(journeyInput().journey);
      return {};
    });

    expect(sends(run.calls)).toEqual(['Email welcome', 'Email marketer-enterprise', 'Email activation-tips']);
    expect(run.calls.map((call) => call.state)).toContain('Webhook notify-sales');
    expect(run.lastState).toBe('Emit onboarding.completed');
  });

  it('app first open: the event arriving in time skips the push', async () => {
    const { compiled } = await compiledExample('app-first-open');

    const run = await runLocally(compiled.definition, journeyInput(), ({ state }) =>
      state.startsWith('Wait for') ? { eventId: 'e-open', detailType: 'app.opened' } : {},
    );

    expect(sends(run.calls)).toEqual(['Email get-the-app']);
    // The wait-for function gets the task token to store and the pattern ingest will match.
    expect(run.calls.find((call) => call.state.startsWith('Wait for'))?.input).toMatchObject({
      Payload: {
        token: 'local-task-token',
        timeoutSeconds: 2 * 86_400,
        event: { 'detail-type': ['app.opened'] },
      },
    });
    expect(run.output).toMatchObject({ received: { detailType: 'app.opened' } });
  });
});
