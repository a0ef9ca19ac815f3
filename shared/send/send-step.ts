import { releaseCap, reserveCap } from '../caps/frequency-caps.ts';
import { PermanentSendError, RetryableSendError } from '../channels/errors.ts';
import type { EmailChannel, PushChannel, SmsChannel } from '../channels/ports.ts';
import type { Clock } from '../clock/clock.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { allSegments } from '../conditions/segments.ts';
import { type RuntimeBundle, scenarioOf } from '../config/runtime-bundle.ts';
import { consentDecision, suppressionAddress } from '../consent/consent.ts';
import { isSuppressed } from '../consent/suppression-store.ts';
import { journeyStatus } from '../journeys/goal.ts';
import { ConvertedError, QuietHoursError } from '../journeys/journey-errors.ts';
import type { LedgerRecord } from '../ledger/ledger-record.ts';
import {
  claimSend,
  findOutcome,
  recordDeferral,
  recordOutcome,
  releaseClaim,
} from '../ledger/ledger-store.ts';
import { updateProfile } from '../profiles/store.ts';
import { resolveTimeZone } from '../schedule/local-time.ts';
import { quietHoursEnd } from '../schedule/quiet-hours.ts';
import type { Table } from '../store/table.ts';
import { renderMessage } from '../templates/render.ts';
import { listUnsubscribeHeaders, preferencesUrl, unsubscribeUrl } from '../unsubscribe/links.ts';
import { signUnsubscribeToken } from '../unsubscribe/tokens.ts';
import { buildMessage, type OutgoingMessage } from './build-message.ts';
import type { SendInput, SendResult } from './send-input.ts';

export type SendDeps = {
  readonly table: Table;
  readonly bundle: RuntimeBundle;
  readonly clock: Clock;
  readonly channels: { readonly email: EmailChannel; readonly sms: SmsChannel; readonly push: PushChannel };
  readonly unsubscribe: { readonly baseUrl: string; readonly secrets: readonly string[] };
  readonly pushApplicationId?: string | undefined;
  readonly smsConfigurationSet?: string | undefined;
  /** Told every decision, for metrics and logs (ids and reasons only). */
  readonly observe?: (record: LedgerRecord) => void;
};

/**
 * Sends one step's message, obeying in order: the goal (converted journeys send nothing more),
 * consent and suppression, quiet hours (thrown, so the state machine waits), frequency caps,
 * exactly-once delivery, rendering, delivery. Every outcome is written to the send ledger.
 */
export async function sendStep(input: SendInput, deps: SendDeps): Promise<SendResult> {
  const { table, bundle } = deps;
  const now = deps.clock.now();
  const { journey } = input;
  const ref = { profileId: journey.profileId, execution: journey.execution, step: input.step };
  const record = (outcome: LedgerRecord['outcome'], extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
    ...ref,
    scenario: journey.scenario,
    ...(input.variant === undefined ? {} : { variant: input.variant }),
    channel: input.channel,
    template: input.template,
    category: input.category,
    outcome,
    at: now.toISOString(),
    ...extra,
  });
  const finish = async (entry: LedgerRecord): Promise<SendResult> => {
    await recordOutcome(table, entry, now);
    deps.observe?.(entry);
    return resultOf(entry);
  };

  const previous = await findOutcome(table, ref);
  if (previous !== undefined && previous.outcome !== 'sending') return resultOf(previous);

  const { scenario, goal } = scenarioOf(bundle, journey.scenario);
  const status = await journeyStatus(table, journey, goal);
  if (status.converted) {
    await finish(record('skipped', { reason: 'converted' }));
    throw new ConvertedError();
  }

  const trigger = status.record?.trigger ?? {};
  const { profile, conditions } = await loadCustomerContext(
    table,
    bundle.config,
    journey.profileId,
    trigger,
    now,
  );
  const candidate = consentDecision({
    profile,
    channel: input.channel,
    category: input.category,
    topic: input.topic,
    suppressed: false,
  });
  const suppressedAddress = candidate.allowed ? suppressionAddress(candidate.address) : undefined;
  const suppressed =
    suppressedAddress !== undefined && (await isSuppressed(table, input.channel, suppressedAddress));
  const decision = suppressed ? ({ allowed: false, reason: 'suppressed' } as const) : candidate;
  if (!decision.allowed) return finish(record('skipped', { reason: decision.reason }));

  const quiet = bundle.config['quiet-hours'];
  if (quiet !== undefined && input.category === 'marketing' && quiet.channels.includes(input.channel)) {
    const timeZone = resolveTimeZone(profile?.timeZone, bundle.config['time-zone']);
    const until = quietHoursEnd(now, quiet, timeZone);
    if (until !== undefined) {
      const deferral = record('deferred', { reason: 'quiet-hours-deferred', until: until.toISOString() });
      await recordDeferral(table, deferral, now);
      deps.observe?.(deferral);
      throw new QuietHoursError(until);
    }
  }

  const capId = `${journey.execution}#${input.step}`;
  if (input.category === 'marketing') {
    const cap = await reserveCap(table, {
      profileId: journey.profileId,
      channel: input.channel,
      id: capId,
      caps: bundle.config.caps,
      now,
    });
    if (!cap.allowed) return finish(record('skipped', { reason: 'capped' }));
  }

  if (!(await claimSend(table, record('sending'), now))) {
    const existing = await findOutcome(table, ref);
    if (existing !== undefined && existing.outcome !== 'sending') return resultOf(existing);
    throw new RetryableSendError('unknown', 'another attempt of this step is delivering it');
  }

  const token = signUnsubscribeToken(
    { profileId: journey.profileId, channel: input.channel, topic: input.topic, scenario: journey.scenario },
    deps.unsubscribe.secrets,
    deps.clock,
  );
  const unsubscribeLink = unsubscribeUrl(deps.unsubscribe.baseUrl, token);
  const rendered = renderMessage(bundle.templates, {
    template: input.template,
    channel: input.channel,
    locale: profile?.locale,
    scope: {
      profile: conditions.profile,
      event: trigger,
      aggregates: conditions.aggregates,
      segments: allSegments(bundle.config.segments, conditions.segment),
      journey: {
        scenario: journey.scenario,
        step: input.step,
        program: scenario.program,
        ...(input.variant === undefined ? {} : { variant: input.variant }),
      },
      unsubscribe_url: unsubscribeLink,
      preferences_url: preferencesUrl(deps.unsubscribe.baseUrl, token),
      now: now.toISOString(),
    },
  });
  const undelivered = async (reason: string): Promise<SendResult> => {
    await releaseCap(table, journey.profileId, capId);
    return finish(record('failed', { reason }));
  };
  if ('error' in rendered) return undelivered('render-failed');

  let outgoing: OutgoingMessage;
  try {
    outgoing = buildMessage({
      input,
      address: decision.address,
      rendered,
      senders: bundle.config.senders,
      unsubscribeHeaders: listUnsubscribeHeaders(unsubscribeLink),
      pushApplicationId: deps.pushApplicationId,
      smsConfigurationSet: deps.smsConfigurationSet,
    });
  } catch (error) {
    if (error instanceof PermanentSendError) return undelivered(error.reason);
    throw error;
  }

  try {
    const messageId = await deliver(outgoing, deps, journey.profileId, now);
    return finish(record('sent', { providerMessageId: messageId }));
  } catch (error) {
    if (error instanceof PermanentSendError) return undelivered(error.reason);
    // Transient: give the claim and the cap place back, and let Step Functions retry with backoff.
    await releaseClaim(table, ref);
    await releaseCap(table, journey.profileId, capId);
    throw error instanceof RetryableSendError
      ? error
      : new RetryableSendError('unknown', 'delivery failed', { cause: error });
  }
}

async function deliver(
  outgoing: OutgoingMessage,
  deps: SendDeps,
  profileId: string,
  now: Date,
): Promise<string> {
  switch (outgoing.channel) {
    case 'email':
      return (await deps.channels.email.send(outgoing.message)).messageId;
    case 'sms':
      return (await deps.channels.sms.send(outgoing.message)).messageId;
    case 'push': {
      const result = await deps.channels.push.send(outgoing.message);
      if (result.invalidTokens.length > 0) {
        // Devices that uninstalled the app: forget their tokens so the next push skips them.
        const invalid = new Set(result.invalidTokens);
        await updateProfile(
          deps.table,
          profileId,
          (profile) => ({
            ...profile,
            pushTokens: profile.pushTokens.filter((token) => !invalid.has(token.token)),
          }),
          now,
        );
      }
      return result.messageId;
    }
  }
}

function resultOf(entry: LedgerRecord): SendResult {
  const outcome = entry.outcome === 'sent' || entry.outcome === 'failed' ? entry.outcome : 'skipped';
  return {
    outcome,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    ...(entry.providerMessageId === undefined ? {} : { messageId: entry.providerMessageId }),
  };
}
