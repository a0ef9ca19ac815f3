import { SFNClient } from '@aws-sdk/client-sfn';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createIngestHandler } from './handler.ts';
import { stepFunctionsCallbacks } from './task-callbacks.ts';

export const handler = createIngestHandler(
  { ...stepDepsFromEnvironment(process.env), ...stepFunctionsCallbacks(new SFNClient({})) },
  { logger: createLogger('ingest'), metrics: createMetrics('ingest') },
);
