import { SFNClient } from '@aws-sdk/client-sfn';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { outcomeSinkFromEnvironment } from '../kit/outcome-facts.ts';
import { StartExecutionEnv, stepFunctionsStart } from '../kit/start-execution.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { stepFunctionsCallbacks } from '../kit/task-callbacks.ts';
import { createSweepHandler } from './handler.ts';

const stepFunctions = new SFNClient({});

// Transitions are applied as ingest applies events: recorded, starting journeys, resuming waits.
export const handler = createSweepHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    facts: outcomeSinkFromEnvironment(process.env),
    ...stepFunctionsCallbacks(stepFunctions),
    startExecution: stepFunctionsStart(stepFunctions, parseEnv(StartExecutionEnv, process.env)),
  },
  { logger: createLogger('sweep'), metrics: createMetrics('sweep') },
);
