import type { SFNClient } from '@aws-sdk/client-sfn';
import { parseEnv } from '../../shared/config/env.ts';
import type { IngestDeps } from '../../shared/ingest/apply-events.ts';
import { outcomeSinkFromEnvironment } from './outcome-facts.ts';
import { StartExecutionEnv, stepFunctionsStart } from './start-execution.ts';
import { stepDepsFromEnvironment } from './step-deps.ts';
import { stepFunctionsCallbacks } from './task-callbacks.ts';

/**
 * What applying events needs on AWS (ingest's events, the sweep's transitions): the store and
 * bundle, the outcome facts, Step Functions to resume waiting journeys and start new ones.
 */
export function ingestDepsFromEnvironment(
  env: Record<string, string | undefined>,
  stepFunctions: SFNClient,
): IngestDeps {
  return {
    ...stepDepsFromEnvironment(env),
    facts: outcomeSinkFromEnvironment(env),
    ...stepFunctionsCallbacks(stepFunctions),
    startExecution: stepFunctionsStart(stepFunctions, parseEnv(StartExecutionEnv, env)),
  };
}
