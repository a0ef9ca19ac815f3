import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { EmailChannel, PushChannel, SmsChannel } from '../channels/ports.ts';
import type { Clock } from '../clock/clock.ts';
import type { LedgerRecord } from '../ledger/ledger-record.ts';
import type { OutcomeSink } from '../outcomes/outcome-fact.ts';
import type { ItemStore } from '../store/item-store.ts';
import type { SendInput } from './send-input.ts';

/*
 * What a send step runs with and what its parts share, apart from send-step.ts so that the parts
 * (claimed-send.ts, existing-outcome.ts) and the step that calls them do not import each other.
 */

export type SendDeps = {
  readonly store: ItemStore;
  readonly bundle: RuntimeBundle;
  readonly clock: Clock;
  readonly channels: { readonly email: EmailChannel; readonly sms: SmsChannel; readonly push: PushChannel };
  readonly unsubscribe: { readonly baseUrl: string; readonly secrets: readonly string[] };
  readonly pushApplicationId?: string | undefined;
  readonly smsConfigurationSet?: string | undefined;
  /** Where each decided send (sent, skipped, failed, uncertain) is written as an outcome fact. */
  readonly facts: OutcomeSink;
  /** Told every decision, for metrics and logs (ids and reasons only). */
  readonly observe?: (record: LedgerRecord) => void;
};

/** What the steps of one send share: the ledger entry builder and the outcome writer. */
export type SendContext = {
  readonly input: SendInput;
  readonly deps: SendDeps;
  readonly now: Date;
  readonly ref: { profileId: string; execution: string; step: string };
  readonly capId: string;
  record(outcome: LedgerRecord['outcome'], extra?: Partial<LedgerRecord>): LedgerRecord;
  /** Writes an outcome decided before any provider call; defers to a record that won. */
  finish(entry: LedgerRecord): Promise<LedgerRecord>;
};
