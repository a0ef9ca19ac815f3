import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { IngestDeps } from '../../shared/ingest/apply-events.ts';
import { ingestEvents } from '../../shared/ingest/ingest-events.ts';
import type { IngestWarning } from '../../shared/ingest/ingest-report.ts';
import { recordConversions } from '../kit/conversion-metrics.ts';
import { recordEntryOutcomes } from '../kit/entry-metrics.ts';
import { IngestFailedError } from '../kit/ingest-failed-error.ts';
import type { MeteredObservability } from '../kit/task-handler.ts';

/**
 * The target of the rule that receives every event: applies it, then starts the journeys it
 * triggers. Invalid events are kept with their reason and do not fail the delivery; only a failure
 * to process a valid one does, so that it is retried.
 */
export function createIngestHandler(deps: IngestDeps, observability: MeteredObservability) {
  return middy(async (event: unknown) => {
    const report = await ingestEvents(Array.isArray(event) ? event : [event], deps);
    const { metrics, logger } = observability;
    metrics.addMetric('EventsAccepted', MetricUnit.Count, report.accepted);
    metrics.addMetric('EventsRejected', MetricUnit.Count, report.rejected.length);
    metrics.addMetric('EventsDuplicated', MetricUnit.Count, report.duplicates);
    metrics.addMetric('EventsRecovered', MetricUnit.Count, report.recovered);
    const warned = (kind: IngestWarning['kind']) =>
      report.warnings.filter((warning) => warning.kind === kind).length;
    metrics.addMetric('AggregatesTruncated', MetricUnit.Count, warned('aggregate-truncated'));
    metrics.addMetric('ProfileDataRemoved', MetricUnit.Count, warned('data-removed'));
    metrics.addMetric('JourneysResumed', MetricUnit.Count, report.resumed);
    for (const rejected of report.rejected) logger.warn('event rejected', { ...rejected });
    for (const warning of report.warnings) logger.warn(warning.kind.replaceAll('-', ' '), { ...warning });
    for (const failed of report.failed) logger.error('event not processed, to be retried', { ...failed });
    recordEntryOutcomes(report.entries, observability);
    recordConversions(report.conversions, deps.bundle.config.currency, observability);
    if (report.failed.length > 0)
      throw new IngestFailedError(
        `failed to ingest ${report.failed.map((item) => `${item.eventId} (customer ${item.profileId})`).join(', ')}`,
      );
    return report;
  })
    .use(injectLambdaContext(observability.logger))
    .use(logMetrics(observability.metrics));
}
