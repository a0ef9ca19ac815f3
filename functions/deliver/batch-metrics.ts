import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { BatchCounts } from '../../shared/broadcasts/batch-delivery.ts';
import type { MeteredObservability } from '../kit/task-handler.ts';

/**
 * A batch's entries as ingest counts an event's (functions/kit/entry-metrics.ts), in the same
 * dimension sets, so a broadcast's program dashboard shows its journeys started and its entries
 * refused by reason: one JourneysStarted by scenario, one EntriesSkipped by scenario and reason,
 * each the batch's count. A batch that entered no one publishes nothing.
 */
export function recordBatchEntries(
  scenario: string,
  counts: BatchCounts,
  { metrics }: MeteredObservability,
): void {
  if (counts.started > 0) {
    const metric = metrics.singleMetric();
    metric.addDimension('scenario', scenario);
    metric.addMetric('JourneysStarted', MetricUnit.Count, counts.started);
  }
  for (const [reason, count] of Object.entries(counts.skipped)) {
    const metric = metrics.singleMetric();
    metric.addDimension('scenario', scenario);
    metric.addDimension('reason', reason);
    metric.addMetric('EntriesSkipped', MetricUnit.Count, count);
  }
}
