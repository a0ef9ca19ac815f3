import { SFNClient } from '@aws-sdk/client-sfn';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { outcomeSinkFromEnvironment } from '../kit/outcome-facts.ts';
import { StartExecutionEnv, stepFunctionsStart } from '../kit/start-execution.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { stepFunctionsCallbacks } from '../kit/task-callbacks.ts';
import { createIngestHandler } from './handler.ts';

const stepFunctions = new SFNClient({});

export const handler = createIngestHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    facts: outcomeSinkFromEnvironment(process.env),
    ...stepFunctionsCallbacks(stepFunctions),
    startExecution: stepFunctionsStart(stepFunctions, parseEnv(StartExecutionEnv, process.env)),
  },
  { logger: createLogger('ingest'), metrics: createMetrics('ingest') },
);
