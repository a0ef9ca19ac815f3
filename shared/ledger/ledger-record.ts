import * as z from 'zod/mini';
import { Channel } from '../../language/channel.ts';
import { UncertainReason as UncertainCallReason } from '../channels/errors.ts';

/** Why a message was not sent: the answer to "why didn't Jane get the SMS?". */
export const SkipReason = z.enum([
  'converted',
  'unsubscribed',
  'unsubscribed-from-topic',
  'no-consent',
  'suppressed',
  'missing-address',
  'capped',
  'quiet-hours-deferred',
  /** The customer is in the global control group: no marketing message from any scenario. */
  'global-control',
]);
export type SkipReason = z.infer<typeof SkipReason>;

/**
 * Why a send is uncertain: the provider may or may not have taken it, and it is never sent again.
 * Besides the channel's own reasons, `crashed-during-call`: the attempt that called the provider
 * ended (crash, function timeout, or the ledger write failing) before recording the answer.
 */
export const UncertainReason = z.enum([...UncertainCallReason.options, 'crashed-during-call']);
export type UncertainReason = z.infer<typeof UncertainReason>;

/**
 * `sending` is a claim: without `callStartedAt` the provider was not called yet, with it the call
 * started and only its answer is missing. `uncertain` is final: the provider may have taken it.
 */
export const LedgerOutcome = z.enum(['sending', 'sent', 'skipped', 'deferred', 'failed', 'uncertain']);
export type LedgerOutcome = z.infer<typeof LedgerOutcome>;

/** One send, skip, deferral or failure of one step of one journey. */
export const LedgerRecord = z.object({
  profileId: z.string(),
  scenario: z.string(),
  step: z.string(),
  execution: z.string(),
  variant: z.optional(z.string()),
  channel: Channel,
  template: z.string(),
  category: z.enum(['marketing', 'transactional']),
  outcome: LedgerOutcome,
  /**
   * A SkipReason; for failures the provider's reason (invalid-address, rejected, render-failed…);
   * for uncertain sends an UncertainReason.
   */
  reason: z.optional(z.string()),
  providerMessageId: z.optional(z.string()),
  /** For deferrals: when the send will be tried again. */
  until: z.optional(z.string()),
  at: z.string(),
  claimedAt: z.optional(z.string()),
  /** Which attempt holds the claim, so only that attempt starts the call or lets the claim go. */
  claimId: z.optional(z.string()),
  /** Written before the provider is called: from then on the step is never sent again. */
  callStartedAt: z.optional(z.string()),
});
export type LedgerRecord = z.infer<typeof LedgerRecord>;

export type FinalOutcome = Exclude<LedgerOutcome, 'sending' | 'deferred'>;
