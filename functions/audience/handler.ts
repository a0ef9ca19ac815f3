import {
  type BroadcastPlanDeps,
  BroadcastStart,
  planBroadcast,
} from '../../shared/broadcasts/broadcast-plan.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** A broadcast's first Task: its occurrence's audience, written to S3 wave by wave, and its pace. */
export function createAudienceHandler(deps: BroadcastPlanDeps, observability: Observability) {
  return taskHandler(
    BroadcastStart,
    async (input, { remainingMs }) => {
      const plan = await planBroadcast(input, deps, remainingMs);
      observability.logger.info('broadcast planned', {
        scenario: plan.occurrence.scenario,
        occurrence: plan.occurrence.reading,
        waves: plan.waveCount,
        recipients: plan.recipients,
        concurrency: plan.concurrency,
      });
      return plan;
    },
    observability,
  );
}
