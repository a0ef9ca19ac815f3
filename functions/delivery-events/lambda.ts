import { SFNClient } from '@aws-sdk/client-sfn';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { stepFunctionsCallbacks } from '../ingest/task-callbacks.ts';
import { outcomeSinkFromEnvironment } from '../kit/outcome-facts.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createDeliveryEventsHandler } from './handler.ts';

export const handler = createDeliveryEventsHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    facts: outcomeSinkFromEnvironment(process.env),
    ...stepFunctionsCallbacks(new SFNClient({})),
  },
  { logger: createLogger('delivery-events'), metrics: createMetrics('delivery-events') },
);
