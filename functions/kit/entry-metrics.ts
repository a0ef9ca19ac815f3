import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EntryOutcomeRecord } from '../../shared/journeys/entry-outcomes.ts';
import type { MeteredObservability } from './task-handler.ts';

/**
 * One log line and one metric per triggered scenario: JourneysStarted by scenario, EntriesSkipped
 * by scenario and reason (the dimension sets the program dashboards search, infra/constructs/metrics.ts).
 * Failures are the ingest failure the handler throws, retried and alarmed on.
 */
export function recordEntryOutcomes(
  entries: readonly EntryOutcomeRecord[],
  observability: MeteredObservability,
): void {
  for (const entry of entries) {
    const { logger, metrics } = observability;
    const metric = metrics.singleMetric();
    metric.addDimension('scenario', entry.scenario);
    switch (entry.outcome) {
      case 'started':
        metric.addMetric('JourneysStarted', MetricUnit.Count, 1);
        logger.info('journey started', {
          scenario: entry.scenario,
          eventId: entry.eventId,
          profileId: entry.profileId,
          execution: entry.execution,
          group: entry.group,
        });
        break;
      case 'skipped':
        metric.addDimension('reason', entry.reason);
        metric.addMetric('EntriesSkipped', MetricUnit.Count, 1);
        logger.info('journey not started', {
          scenario: entry.scenario,
          eventId: entry.eventId,
          profileId: entry.profileId,
          reason: entry.reason,
          detail: entry.detail,
        });
        break;
      case 'failed':
        logger.warn('journey start failed', {
          scenario: entry.scenario,
          eventId: entry.eventId,
          profileId: entry.profileId,
          error: entry.error,
        });
        break;
    }
  }
}
