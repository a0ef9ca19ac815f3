import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type EntryDeps, EntryRequest, startJourney } from '../../shared/journeys/start-journey.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** The target of each scenario's trigger rule: starts the customer's journey, or says why not. */
export function createEntryHandler(deps: EntryDeps, observability: Observability) {
  return taskHandler(
    EntryRequest,
    async (request) => {
      const outcome = await startJourney(request, deps);
      const metric = observability.metrics.singleMetric();
      metric.addDimension('scenario', request.scenario);
      if (outcome.outcome === 'started') metric.addMetric('JourneysStarted', MetricUnit.Count, 1);
      else {
        metric.addDimension('reason', outcome.reason);
        metric.addMetric('EntriesSkipped', MetricUnit.Count, 1);
      }
      observability.logger.info('entry', { scenario: request.scenario, ...outcome });
      return outcome;
    },
    observability,
  );
}
