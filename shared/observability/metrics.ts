import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

export const METRICS_NAMESPACE = 'Parcours';

export function createMetrics(serviceName: string): Metrics {
  return new Metrics({ namespace: METRICS_NAMESPACE, serviceName });
}

/**
 * Metrics that record nothing, for the local platform and simulations, where no CloudWatch reads
 * them. Disabling Powertools by its environment variable still built a Metrics object for every
 * single metric and read the environment each time: a tenth of a simulation's time.
 */
class SilentMetrics extends Metrics {
  override singleMetric(): Metrics {
    return this;
  }
  override addMetric(): this {
    return this;
  }
  override addDimension(): this {
    return this;
  }
  override addDimensions(): this {
    return this;
  }
  override addMetadata(): this {
    return this;
  }
  override setDefaultDimensions(): this {
    return this;
  }
  override captureColdStartMetric(): void {}
  override publishStoredMetrics(): this {
    return this;
  }
}

export function silentMetrics(serviceName: string): Metrics {
  return new SilentMetrics({ namespace: METRICS_NAMESPACE, serviceName });
}

export type SendOutcomeMetric = {
  readonly outcome: 'sent' | 'skipped' | 'failed' | 'deferred' | 'uncertain';
  readonly reason?: string | undefined;
  readonly scenario: string;
  readonly step: string;
  readonly channel: string;
};

/**
 * One metric per send decision, which the dashboards and alarms of each program are built from,
 * published in two dimension sets: by scenario, step and channel; and, for a skip, deferral,
 * failure or uncertain send, by scenario and reason, so a program's dashboard shows its own reasons. Step and reason
 * stay apart, which keeps the number of series at steps plus reasons rather than their product.
 * Each `addDimensions` is a set of its own, joined only by the default dimensions, which is why
 * the scenario is one of those (of this single metric only).
 */
export function recordSendOutcome(metrics: Metrics, outcome: SendOutcomeMetric): void {
  const single = metrics.singleMetric();
  single.setDefaultDimensions({ scenario: outcome.scenario });
  single.addDimensions({ step: outcome.step, channel: outcome.channel });
  if (outcome.reason !== undefined) single.addDimensions({ reason: outcome.reason });
  const name = {
    sent: 'MessagesSent',
    skipped: 'MessagesSkipped',
    failed: 'SendFailures',
    deferred: 'SendsDeferred',
    uncertain: 'SendsUncertain',
  }[outcome.outcome];
  single.addMetric(name, MetricUnit.Count, 1);
}
