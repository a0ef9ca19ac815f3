import { releaseCap } from '../caps/frequency-caps.ts';
import { classifySdkError, PermanentSendError, UncertainSendError } from '../channels/errors.ts';
import type { CustomerContext } from '../conditions/customer-context.ts';
import { allSegments } from '../conditions/segments.ts';
import { templatesOf } from '../config/scenario-of.ts';
import { type Address, consentDecision } from '../consent/consent.ts';
import { isSuppressedOn } from '../consent/suppression-store.ts';
import type { LedgerRecord } from '../ledger/ledger-record.ts';
import { type Claim, markCallStarted, recordCallOutcome, releaseClaim } from '../ledger/ledger-store.ts';
import { loadProfile, updateProfile } from '../profiles/store.ts';
import { renderMessage } from '../templates/render.ts';
import { listUnsubscribeHeaders, preferencesUrl, unsubscribeUrl } from '../unsubscribe/links.ts';
import { signUnsubscribeToken } from '../unsubscribe/tokens.ts';
import { buildMessage, type OutgoingMessage } from './build-message.ts';
import { settledNow } from './existing-outcome.ts';
import { recordProviderOptOut } from './provider-opt-out.ts';
import type { SendContext, SendDeps } from './send-context.ts';

export type Recipient = {
  readonly address: Address;
  readonly customer: CustomerContext;
  readonly trigger: Record<string, unknown>;
  readonly program: string;
};

/**
 * Renders and delivers a step whose claim this attempt holds. Until the call is marked as started
 * the claim is given back on any error, so a retry can send; from then on the step is settled by
 * the provider's answer, or as uncertain, and never sent again.
 */
export async function sendClaimed(
  context: SendContext,
  claim: Claim,
  recipient: Recipient,
): Promise<LedgerRecord> {
  let callStarted = false;
  try {
    const outgoing = prepare(context, recipient);
    if ('failure' in outgoing) return await notCalled(context, 'failed', outgoing.failure);
    const refusal = await consentRefusedSince(context);
    if (refusal !== undefined) return await notCalled(context, 'skipped', refusal);
    if (!(await markCallStarted(context.deps.store, claim, context.now))) {
      // A skip or a retry took the step over while this attempt prepared it: theirs stands.
      return await settledNow(context);
    }
    callStarted = true;
    return await callProvider(context, claim, outgoing.message);
  } catch (error) {
    // Nothing reached the provider: let a retry claim the step at once rather than after the
    // claim turns stale. Best effort, since a stale claim is taken over anyway.
    if (!callStarted) await releaseClaim(context.deps.store, claim).catch(() => undefined);
    throw error;
  }
}

type Prepared = { readonly message: OutgoingMessage } | { readonly failure: string };

function prepare(context: SendContext, recipient: Recipient): Prepared {
  const { input, deps, now } = context;
  const { journey } = input;
  const token = signUnsubscribeToken(
    { profileId: journey.profileId, channel: input.channel, topic: input.topic, scenario: journey.scenario },
    deps.unsubscribe.secrets,
    deps.clock,
  );
  const unsubscribeLink = unsubscribeUrl(deps.unsubscribe.baseUrl, token);
  const { conditions, profile } = recipient.customer;
  const rendered = renderMessage(templatesOf(deps.bundle, journey), {
    template: input.template,
    channel: input.channel,
    locale: profile?.locale,
    scope: {
      profile: conditions.profile,
      event: recipient.trigger,
      aggregates: conditions.aggregates,
      segments: allSegments(deps.bundle.config.segments, conditions.segment),
      journey: {
        scenario: journey.scenario,
        step: input.step,
        program: recipient.program,
        ...(input.variant === undefined ? {} : { variant: input.variant }),
      },
      unsubscribe_url: unsubscribeLink,
      preferences_url: preferencesUrl(deps.unsubscribe.baseUrl, token),
      now: now.toISOString(),
    },
  });
  if ('error' in rendered) return { failure: 'render-failed' };
  try {
    return {
      message: buildMessage({
        input,
        address: recipient.address,
        rendered,
        senders: deps.bundle.config.senders,
        unsubscribeHeaders: listUnsubscribeHeaders(unsubscribeLink),
        pushApplicationId: deps.pushApplicationId,
        smsConfigurationSet: deps.smsConfigurationSet,
      }),
    };
  } catch (error) {
    if (error instanceof PermanentSendError) return { failure: error.reason };
    throw error;
  }
}

/**
 * Consent read again, just before the call: the decision was taken on the profile as read before
 * the claim, the cap and the rendering, and an opt-out, a bounce or a complaint stored since then
 * must win. What remains is the last conditional write before the call, a few milliseconds; an
 * opt-out stored within it is kept for every later send.
 */
async function consentRefusedSince(context: SendContext): Promise<string | undefined> {
  const { store } = context.deps;
  const { channel, category, topic, journey } = context.input;
  const profile = await loadProfile(store, journey.profileId);
  const consent = consentDecision({
    profile,
    channel,
    category,
    topic,
    suppressed: await isSuppressedOn(store, profile, channel),
  });
  return consent.allowed ? undefined : consent.reason;
}

/** Settled before the provider was called: recorded first, then the cap place given back. */
async function notCalled(
  context: SendContext,
  outcome: 'failed' | 'skipped',
  reason: string,
): Promise<LedgerRecord> {
  const settled = await context.finish(context.record(outcome, { reason }));
  await giveCapBack(context);
  return settled;
}

async function callProvider(
  context: SendContext,
  claim: Claim,
  outgoing: OutgoingMessage,
): Promise<LedgerRecord> {
  const { deps, now } = context;
  const callStartedAt = now.toISOString();
  const settle = async (entry: LedgerRecord): Promise<LedgerRecord> => {
    if (!(await recordCallOutcome(deps.store, entry, claim, callStartedAt, now))) return settledNow(context);
    deps.observe?.(entry);
    return entry;
  };

  let delivery: Delivery;
  try {
    delivery = await deliver(outgoing, deps);
  } catch (thrown) {
    // Adapters classify their errors; anything else is judged the same way, so a raw socket
    // error after the request left is uncertain here too, never retried blind.
    const error = classifySdkError(thrown);
    if (error instanceof PermanentSendError) {
      const result = await settle(context.record('failed', { reason: error.reason }));
      await giveCapBack(context);
      // After the outcome is safe, as forgetTokens: a failure here is retried, finds the step
      // settled and leaves the profile as it was; the next send to the number fails the same way.
      if (error.reason === 'opted-out' && outgoing.channel === 'sms')
        await recordProviderOptOut(deps.store, { ...context.ref, channel: outgoing.channel }, now);
      return result;
    }
    if (error instanceof UncertainSendError) {
      // Not sent again, marketing and transactional alike. Marketing: a duplicate costs trust
      // and a missing one costs little. Transactional: Parcours' transactional steps are
      // confirmations, receipts and shipping notices, where a second copy reads like a second
      // order, while most uncertain sends did reach the provider (the request left). The
      // outcome is recorded with its reason and shown by trace, the dev log and the
      // SendsUncertain metric, so the rare lost one can be followed up. The cap place is kept.
      return settle(context.record('uncertain', { reason: error.reason }));
    }
    // The provider answered with an error before taking the message: a retry sends it.
    await releaseClaim(deps.store, claim);
    await giveCapBack(context);
    throw error;
  }

  const result = await settle(context.record('sent', { providerMessageId: delivery.messageId }));
  // After the outcome is safe: a failure here is retried, and the retry finds the step sent.
  if (delivery.invalidTokens.length > 0)
    await forgetTokens(deps, context.ref.profileId, delivery.invalidTokens, now);
  return result;
}

async function giveCapBack(context: SendContext): Promise<void> {
  if (context.input.category !== 'marketing') return;
  await releaseCap(context.deps.store, context.input.journey.profileId, context.capId);
}

type Delivery = { readonly messageId: string; readonly invalidTokens: readonly string[] };

async function deliver(outgoing: OutgoingMessage, deps: SendDeps): Promise<Delivery> {
  switch (outgoing.channel) {
    case 'email':
      return { ...(await deps.channels.email.send(outgoing.message)), invalidTokens: [] };
    case 'sms':
      return { ...(await deps.channels.sms.send(outgoing.message)), invalidTokens: [] };
    case 'push':
      return deps.channels.push.send(outgoing.message);
  }
}

/** Devices that uninstalled the app: forget their tokens so the next push skips them. */
async function forgetTokens(deps: SendDeps, profileId: string, tokens: readonly string[], now: Date) {
  const invalid = new Set(tokens);
  await updateProfile(
    deps.store,
    profileId,
    (profile) => ({
      ...profile,
      pushTokens: profile.pushTokens.filter((token) => !invalid.has(token.token)),
    }),
    now,
  );
}
