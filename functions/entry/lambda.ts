import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { systemClock } from '../../shared/clock/clock.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { CommonEnv, loadBundle, tableFrom } from '../kit/environment.ts';
import { createEntryHandler } from './handler.ts';

const env = parseEnv(
  CommonEnv.extend({
    STATE_MACHINES: z
      .string()
      .transform((text, ctx) => {
        const parsed = z.record(z.string(), z.string().startsWith('arn:')).safeParse(safeJson(text));
        if (!parsed.success)
          ctx.addIssue({ code: 'custom', message: 'expected a JSON object of scenario id to alias ARN' });
        return parsed.success ? parsed.data : {};
      })
      .describe('a JSON object mapping each scenario id to the ARN of its state machine alias'),
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
      const stateMachineArn = env.STATE_MACHINES[scenario];
      if (stateMachineArn === undefined) throw new Error(`no state machine for scenario "${scenario}"`);
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
