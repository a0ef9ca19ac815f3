import type { IngestDeps } from '../../shared/ingest/apply-events.ts';
import { SweepSegment, sweepSegment } from '../../shared/segments/sweep-segment.ts';
import { recordConversions } from '../kit/conversion-metrics.ts';
import { recordEntryOutcomes } from '../kit/entry-metrics.ts';
import { type MeteredObservability, taskHandler } from '../kit/task-handler.ts';

/**
 * The daily sweep of one scan segment: segments that move with time, and the journeys they start.
 * Its entries and conversions are logged and counted as ingest's are, so a journey the sweep
 * starts shows on its program's dashboard; the state machine gets the count of customers only,
 * which keeps the Map's results small whatever the sweep started.
 */
export function createSweepHandler(deps: IngestDeps, observability: MeteredObservability) {
  return taskHandler(
    SweepSegment,
    async (input) => {
      const swept = await sweepSegment(input, deps);
      recordEntryOutcomes(swept.report.entries, observability);
      recordConversions(swept.report.conversions, deps.bundle.config.currency, observability);
      observability.logger.info('segment swept', { segment: input.segment, customers: swept.customers });
      return { customers: swept.customers };
    },
    observability,
  );
}
