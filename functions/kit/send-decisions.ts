import type { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import { recordSendOutcome } from '../../shared/observability/metrics.ts';
import type { MeteredObservability } from './task-handler.ts';

/**
 * What a function that sends (the send step, a broadcast's batches) does with each decision: one
 * metric, which the program dashboards and the send-failure alarms search by scenario
 * (infra/constructs/metrics.ts), and one log line of ids and reasons. `next` is an observer the
 * caller had already, told first.
 */
export function observeSendDecisions(
  observability: MeteredObservability,
  next?: (record: LedgerRecord) => void,
): (record: LedgerRecord) => void {
  return (entry) => {
    next?.(entry);
    if (entry.outcome === 'sending') return;
    recordSendOutcome(observability.metrics, {
      outcome: entry.outcome,
      reason: entry.reason,
      scenario: entry.scenario,
      step: entry.step,
      channel: entry.channel,
    });
    // An uncertain send may need a person: the provider may or may not have taken it.
    const level = entry.outcome === 'uncertain' ? 'warn' : 'info';
    observability.logger[level]('send decision', {
      profileId: entry.profileId,
      execution: entry.execution,
      step: entry.step,
      outcome: entry.outcome,
      reason: entry.reason,
    });
  };
}
