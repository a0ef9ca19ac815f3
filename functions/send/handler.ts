import { recordSendOutcome } from '../../shared/observability/metrics.ts';
import type { SendDeps } from '../../shared/send/send-context.ts';
import { SendInput } from '../../shared/send/send-input.ts';
import { sendStep } from '../../shared/send/send-step.ts';
import { type MeteredObservability, taskHandler } from '../kit/task-handler.ts';

/** The send Task: one message of one step, with every rule applied (shared/send/send-step.ts). */
export function createSendHandler(deps: SendDeps, observability: MeteredObservability) {
  return taskHandler(
    SendInput,
    (input) =>
      sendStep(input, {
        ...deps,
        observe: (entry) => {
          deps.observe?.(entry);
          if (entry.outcome === 'sending') return;
          recordSendOutcome(observability.metrics, {
            outcome: entry.outcome,
            reason: entry.reason,
            scenario: entry.scenario,
            step: entry.step,
            channel: entry.channel,
          });
          // An uncertain send may need a person: the provider may or may not have taken it.
          const level = entry.outcome === 'uncertain' ? 'warn' : 'info';
          observability.logger[level]('send decision', {
            profileId: entry.profileId,
            execution: entry.execution,
            step: entry.step,
            outcome: entry.outcome,
            reason: entry.reason,
          });
        },
      }),
    observability,
  );
}
