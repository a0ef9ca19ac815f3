import { ScheduleInput, scheduleWake } from '../../shared/steps/schedule.ts';
import type { StepDeps } from '../../shared/steps/step-context.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** The Schedule Task before a Wait: when the journey wakes, in the customer's time zone. */
export function createScheduleHandler(deps: StepDeps, observability: Observability) {
  return taskHandler(ScheduleInput, (input) => scheduleWake(input, deps), observability);
}
