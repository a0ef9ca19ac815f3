import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { IngestDeps } from '../../shared/ingest/apply-events.ts';
import { ingestProviderEvents } from '../../shared/ingest/delivery-events.ts';
import { IngestFailedError } from '../kit/ingest-failed-error.ts';
import type { MeteredObservability } from '../kit/task-handler.ts';

/**
 * The target of the rule for SES and SMS events: bounces and complaints suppress the address,
 * deliveries, opens and clicks become Parcours events that journeys can wait for.
 */
export function createDeliveryEventsHandler(deps: IngestDeps, observability: MeteredObservability) {
  return middy(async (event: unknown) => {
    const report = await ingestProviderEvents(Array.isArray(event) ? event : [event], deps);
    observability.metrics.addMetric('AddressesSuppressed', MetricUnit.Count, report.suppressed);
    if (report.failed.length > 0)
      throw new IngestFailedError(`failed to ingest ${report.failed.map((item) => item.eventId).join(', ')}`);
    return report;
  })
    .use(injectLambdaContext(observability.logger))
    .use(logMetrics(observability.metrics));
}
