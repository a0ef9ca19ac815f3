import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Conversion } from '../../shared/ingest/ingest-report.ts';
import type { MeteredObservability } from './task-handler.ts';

/**
 * One Conversions count and, when the value is in the project currency, its revenue, per program
 * and scenario, for the program dashboards. The outcome facts hold the same conversions for the
 * reports, with the holdout to compare against; these are for watching the day go by.
 */
export function recordConversions(
  conversions: readonly Conversion[],
  currency: string,
  observability: MeteredObservability,
): void {
  for (const conversion of conversions) {
    const metric = observability.metrics.singleMetric();
    metric.addDimension('program', conversion.program);
    metric.addDimension('scenario', conversion.scenario);
    metric.addMetric('Conversions', MetricUnit.Count, 1);
    if (conversion.value !== undefined && conversion.currency === currency)
      metric.addMetric('ConversionRevenue', MetricUnit.NoUnit, conversion.value);
  }
}
