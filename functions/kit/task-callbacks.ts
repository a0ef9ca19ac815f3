import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { TaskCallbacks } from '../../shared/ingest/journey-effects.ts';

/**
 * Step Functions' callback API. A task that no longer waits (timed out, stopped) is not an error:
 * the event simply arrived too late for it.
 */
export function stepFunctionsCallbacks(client: SFNClient): TaskCallbacks {
  const tolerateGone = (error: unknown): void => {
    if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken)
      return;
    throw error;
  };
  return {
    resumeTask: async (token, output) => {
      await client
        .send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }))
        .catch(tolerateGone);
    },
    failTask: async (token, error, cause) => {
      await client.send(new SendTaskFailureCommand({ taskToken: token, error, cause })).catch(tolerateGone);
    },
  };
}
