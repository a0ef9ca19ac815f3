import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { ERROR_NAMES } from '../../language/error-names.ts';
import { type IngestDeps, ingestEvents } from '../../shared/ingest/ingest-events.ts';
import type { Observability } from '../kit/task-handler.ts';
import { recordConversions } from './conversion-metrics.ts';
import { recordEntryOutcomes } from './entry-metrics.ts';

/**
 * An event whose processing failed midway. Thrown so that Lambda retries the asynchronous
 * invocation (twice, with backoff) and then keeps the event in the on-failure queue
 * (infra/constructs/event-routing.ts); ingesting it again is safe, its effects are idempotent.
 */
export class IngestFailedError extends Error {
  override readonly name = ERROR_NAMES.retryable;
}

/**
 * The target of the rule that receives every event: applies it, then starts the journeys it
 * triggers. Invalid events are kept with their reason and do not fail the delivery; only a failure
 * to process a valid one does, so that it is retried.
 */
export function createIngestHandler(deps: IngestDeps, observability: Observability) {
  return middy(async (event: unknown) => {
    const report = await ingestEvents(Array.isArray(event) ? event : [event], deps);
    const { metrics, logger } = observability;
    metrics.addMetric('EventsAccepted', MetricUnit.Count, report.accepted);
    metrics.addMetric('EventsRejected', MetricUnit.Count, report.rejected.length);
    metrics.addMetric('EventsDuplicated', MetricUnit.Count, report.duplicates);
    metrics.addMetric('EventsRecovered', MetricUnit.Count, report.recovered);
    metrics.addMetric('AggregatesTruncated', MetricUnit.Count, report.warnings.length);
    metrics.addMetric('JourneysResumed', MetricUnit.Count, report.resumed);
    for (const rejected of report.rejected) logger.warn('event rejected', { ...rejected });
    for (const warning of report.warnings) logger.warn('aggregate truncated', { ...warning });
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
