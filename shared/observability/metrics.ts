import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'Parcours';

export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}

export type SendOutcomeMetric = {
  readonly outcome: 'sent' | 'skipped' | 'failed' | 'deferred';
  readonly reason?: string | undefined;
  readonly scenario: string;
  readonly step: string;
  readonly channel: string;
};

/**
 * One metric per send decision, dimensioned by scenario, step and channel (and the skip or
 * failure reason), which the dashboards and alarms of each program are built from.
 */
export function recordSendOutcome(metrics: Metrics, outcome: SendOutcomeMetric): void {
  const single = metrics.singleMetric();
  single.addDimensions({ scenario: outcome.scenario, step: outcome.step, channel: outcome.channel });
  if (outcome.reason !== undefined) single.addDimension('reason', outcome.reason);
  const name = {
    sent: 'MessagesSent',
    skipped: 'MessagesSkipped',
    failed: 'SendFailures',
    deferred: 'SendsDeferred',
  }[outcome.outcome];
  single.addMetric(name, MetricUnit.Count, 1);
}
