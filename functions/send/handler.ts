import type { SendDeps } from '../../shared/send/send-context.ts';
import { SendInput } from '../../shared/send/send-input.ts';
import { sendStep } from '../../shared/send/send-step.ts';
import { observeSendDecisions } from '../kit/send-decisions.ts';
import { type MeteredObservability, taskHandler } from '../kit/task-handler.ts';

/** The send Task: one message of one step, with every rule applied (shared/send/send-step.ts). */
export function createSendHandler(deps: SendDeps, observability: MeteredObservability) {
  const observed = { ...deps, observe: observeSendDecisions(observability, deps.observe) };
  return taskHandler(SendInput, (input) => sendStep(input, observed), observability);
}
