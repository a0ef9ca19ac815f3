import type { StepDeps } from '../../shared/steps/step-context.ts';
import { UpdateProfileInput, updateProfileStep } from '../../shared/steps/update-profile.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** The update-profile Task: sets, removes or increments profile attributes. */
export function createUpdateProfileHandler(deps: StepDeps, observability: Observability) {
  return taskHandler(UpdateProfileInput, (input) => updateProfileStep(input, deps), observability);
}
