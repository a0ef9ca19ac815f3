import { type WaitForDeps, WaitForInput, waitFor } from '../../shared/journeys/wait-for.ts';
import { type Observability, taskHandler } from '../kit/task-handler.ts';

/** Invoked by a wait-for Task (`.waitForTaskToken`): stores the token that ingest resumes. */
export function createWaitForHandler(deps: WaitForDeps, observability: Observability) {
  return taskHandler(WaitForInput, (input) => waitFor(input, deps), observability);
}
