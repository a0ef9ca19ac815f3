import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createWaitForHandler } from './handler.ts';

export const handler = createWaitForHandler(stepDepsFromEnvironment(process.env), {
  logger: createLogger('wait-for'),
  metrics: createMetrics('wait-for'),
});
