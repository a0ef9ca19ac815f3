import { EmitInput, emitStep, type PublishEvents } from '../../shared/steps/emit.ts';
import type { StepDeps } from '../../shared/steps/step-context.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** The emit Task: publishes an event for the customer, e.g. to start another program. */
export function createEmitHandler(deps: StepDeps & { publish: PublishEvents }, observability: Observability) {
  return taskHandler(EmitInput, (input) => emitStep(input, deps), observability);
}
