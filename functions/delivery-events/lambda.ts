import { SFNClient } from '@aws-sdk/client-sfn';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { outcomeSinkFromEnvironment } from '../kit/outcome-facts.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { stepFunctionsCallbacks } from '../kit/task-callbacks.ts';
import { createDeliveryEventsHandler } from './handler.ts';

export const handler = createDeliveryEventsHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    facts: outcomeSinkFromEnvironment(process.env),
    ...stepFunctionsCallbacks(new SFNClient({})),
  },
  { logger: createLogger('delivery-events'), metrics: createMetrics('delivery-events') },
);
