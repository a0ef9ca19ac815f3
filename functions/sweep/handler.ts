import type { IngestDeps } from '../../shared/ingest/apply-events.ts';
import { SweepSegment, sweepSegment } from '../../shared/segments/sweep-segment.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** The daily sweep of one scan segment: segments that move with time, and the journeys they start. */
export function createSweepHandler(deps: IngestDeps, observability: Observability) {
  return taskHandler(
    SweepSegment,
    async (input) => {
      const swept = await sweepSegment(input, deps);
      observability.logger.info('segment swept', { segment: input.segment, customers: swept.customers });
      return swept;
    },
    observability,
  );
}
