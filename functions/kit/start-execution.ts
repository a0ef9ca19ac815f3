import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import * as z from 'zod/mini';
import type { StartExecution } from '../../shared/journeys/start-journey.ts';
import { aliasArnOf, SCENARIO_PLACEHOLDER } from '../../shared/journeys/state-machine-alias.ts';

/** Where the function that starts journeys finds each scenario's state machine. */
export const StartExecutionEnv = z.object({
  STATE_MACHINE_ALIAS_ARN: z
    .string()
    .check(
      z.startsWith('arn:'),
      z.includes(SCENARIO_PLACEHOLDER),
      z.describe(`the ARN of a scenario's state machine alias, with ${SCENARIO_PLACEHOLDER} for its id`),
    ),
});
export type StartExecutionEnv = z.infer<typeof StartExecutionEnv>;

/** StartExecution on the scenario's `live` alias, so a new journey runs the latest deployed version. */
export function stepFunctionsStart(client: SFNClient, env: StartExecutionEnv): StartExecution {
  return async ({ scenario, name, input }) => {
    const stateMachineArn = aliasArnOf(env.STATE_MACHINE_ALIAS_ARN, scenario);
    try {
      await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    } catch (error) {
      // The same name means the same trigger event: the journey already runs, which is what we want.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  };
}
