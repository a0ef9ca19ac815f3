import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { systemClock } from '../../shared/clock/clock.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { aliasArnOf, SCENARIO_PLACEHOLDER } from '../../shared/journeys/state-machine-alias.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { CommonEnv, loadBundle, tableFrom } from '../kit/environment.ts';
import { createEntryHandler } from './handler.ts';

const env = parseEnv(
  CommonEnv.extend({
    STATE_MACHINE_ALIAS_ARN: z
      .string()
      .startsWith('arn:')
      .includes(SCENARIO_PLACEHOLDER)
      .describe(`the ARN of a scenario's state machine alias, with ${SCENARIO_PLACEHOLDER} for its id`),
  }),
  process.env,
);
const stepFunctions = new SFNClient({});

export const handler = createEntryHandler(
  {
    table: tableFrom(env),
    bundle: loadBundle(env.PARCOURS_BUNDLE),
    clock: systemClock,
    startExecution: async ({ scenario, name, input }) => {
      const stateMachineArn = aliasArnOf(env.STATE_MACHINE_ALIAS_ARN, scenario);
      try {
        await stepFunctions.send(
          new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
        );
      } catch (error) {
        // The same name means the same delivery: the journey already runs, which is what we want.
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
  },
  { logger: createLogger('entry'), metrics: createMetrics('entry') },
);
