import { SFNClient } from '@aws-sdk/client-sfn';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { ingestDepsFromEnvironment } from '../kit/ingest-deps.ts';
import { createIngestHandler } from './handler.ts';

export const handler = createIngestHandler(ingestDepsFromEnvironment(process.env, new SFNClient({})), {
  logger: createLogger('ingest'),
  metrics: createMetrics('ingest'),
});
