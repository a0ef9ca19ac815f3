import { CheckInput, checkFacts } from '../../shared/steps/check.ts';
import type { StepDeps } from '../../shared/steps/step-context.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** The Check Task before a Choice: loads the non-personal facts its rules read. */
export function createCheckHandler(deps: StepDeps, observability: Observability) {
  return taskHandler(CheckInput, (input) => checkFacts(input, deps), observability);
}
