import { SFNClient } from '@aws-sdk/client-sfn';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { ingestDepsFromEnvironment } from '../kit/ingest-deps.ts';
import { createSweepHandler } from './handler.ts';

// Transitions are applied as ingest applies events: recorded, starting journeys, resuming waits.
export const handler = createSweepHandler(ingestDepsFromEnvironment(process.env, new SFNClient({})), {
  logger: createLogger('sweep'),
  metrics: createMetrics('sweep'),
});
