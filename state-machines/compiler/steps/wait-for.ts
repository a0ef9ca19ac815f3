import { durationSeconds, humanizeDuration } from '../../../language/duration.ts';
import { ERRORS, functionResource, RETRY_TRANSIENT, WAIT_FOR_TASK_TOKEN } from '../resources.ts';
import { JOURNEY } from '../scenario-builder.ts';
import type { NodeOf, StepContext } from './step-context.ts';

/**
 * A Task that waits for its token: the wait-for function registers it, ingest resumes it when a
 * matching event arrives, and its timeout takes the other path.
 */
export function compileWaitFor(node: NodeOf<'wait-for'>, context: StepContext): string {
  const { next, variant, builder, compileList } = context;
  const spec = node.step['wait-for'];
  const timeoutSeconds = durationSeconds(spec.timeout);
  return builder.add(node.name, {
    Type: 'Task',
    Comment: `Resumed by ingest when a matching event arrives; times out after ${humanizeDuration(spec.timeout)}.`,
    Resource: WAIT_FOR_TASK_TOKEN,
    Parameters: {
      FunctionName: functionResource('waitFor'),
      Payload: { step: node.id, ...JOURNEY, 'token.$': '$$.Task.Token', event: spec.event, timeoutSeconds },
    },
    ResultPath: '$.received',
    TimeoutSeconds: timeoutSeconds,
    Retry: RETRY_TRANSIENT,
    Catch: [
      {
        ErrorEquals: [ERRORS.timeout],
        ResultPath: null,
        Next: builder.target(compileList(node.onTimeout, next, variant)),
      },
      ...builder.goalCatch(),
    ],
    ...builder.transition(compileList(node.onEvent, next, variant)),
  });
}
