import { type BatchDeps, DeliveryBatch, deliverBatch } from '../../shared/broadcasts/batch-delivery.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** A broadcast's batch (a Distributed Map child): its recipients entered and, for a newsletter, sent. */
export function createDeliverHandler(deps: Omit<BatchDeps, 'remainingMs'>, observability: Observability) {
  return taskHandler(
    DeliveryBatch,
    async (input, invocation) => {
      const counts = await deliverBatch(input, { ...deps, remainingMs: invocation.remainingMs });
      observability.logger.info('batch delivered', { recipients: input.recipients.length, ...counts });
      return counts;
    },
    observability,
  );
}
