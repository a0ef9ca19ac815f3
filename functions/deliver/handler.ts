import { type BatchDeps, DeliveryBatch, deliverBatch } from '../../shared/broadcasts/batch-delivery.ts';
import { inlineOrStart } from '../../shared/broadcasts/inline-journey.ts';
import type { StartExecution } from '../../shared/journeys/start-journey.ts';
import type { SendDeps } from '../../shared/send/send-context.ts';
import { observeSendDecisions } from '../kit/send-decisions.ts';
import { type MeteredObservability, taskHandler } from '../kit/task-handler.ts';
import { recordBatchEntries } from './batch-metrics.ts';

export type DeliverDeps = {
  /** How the batch's one-send journeys send, in the batch itself (inline-journey.ts). */
  readonly send: SendDeps;
  /** How any other journey starts: its scenario's state machine. */
  readonly startExecution: StartExecution;
  readonly sleep: BatchDeps['sleep'];
  /** Only these scenarios take entries (`simulate --scenario`); every scenario when absent. */
  readonly entryScenarios?: BatchDeps['entryScenarios'];
};

/**
 * A broadcast's batch (a Distributed Map child): its recipients entered and, for a newsletter, sent.
 * Its sends and entries are counted as the send function and ingest count theirs, so a broadcast
 * shows on its program's dashboard and raises its scenario's send-failure alarm.
 */
export function createDeliverHandler(deps: DeliverDeps, observability: MeteredObservability) {
  const send = { ...deps.send, observe: observeSendDecisions(observability, deps.send.observe) };
  const batchDeps = {
    ...send,
    startExecution: inlineOrStart(send, deps.startExecution),
    sleep: deps.sleep,
    entryScenarios: deps.entryScenarios,
  };
  return taskHandler(
    DeliveryBatch,
    async (input, invocation) => {
      const counts = await deliverBatch(input, { ...batchDeps, remainingMs: invocation.remainingMs });
      const scenario = input.recipients[0]?.occurrence.scenario ?? '';
      recordBatchEntries(scenario, counts, observability);
      observability.logger.info('batch delivered', {
        scenario,
        recipients: input.recipients.length,
        ...counts,
      });
      return counts;
    },
    observability,
  );
}
