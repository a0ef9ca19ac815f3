import { z } from 'zod';

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
]);
export type SkipReason = z.infer<typeof SkipReason>;

export const LedgerOutcome = z.enum(['sending', 'sent', 'skipped', 'deferred', 'failed']);
export type LedgerOutcome = z.infer<typeof LedgerOutcome>;

/** One send, skip, deferral or failure of one step of one journey. */
export const LedgerRecord = z.object({
  profileId: z.string(),
  scenario: z.string(),
  step: z.string(),
  execution: z.string(),
  variant: z.string().optional(),
  channel: z.enum(['email', 'sms', 'push']),
  template: z.string(),
  category: z.enum(['marketing', 'transactional']),
  outcome: LedgerOutcome,
  /** A SkipReason, or for failures the provider's reason (invalid-address, rejected, render-failed…). */
  reason: z.string().optional(),
  providerMessageId: z.string().optional(),
  /** For deferrals: when the send will be tried again. */
  until: z.string().optional(),
  at: z.string(),
  claimedAt: z.string().optional(),
});
export type LedgerRecord = z.infer<typeof LedgerRecord>;

export type FinalOutcome = Exclude<LedgerOutcome, 'sending' | 'deferred'>;
