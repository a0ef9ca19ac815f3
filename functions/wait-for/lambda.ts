import { createLogger } from '../../shared/observability/logger.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createWaitForHandler } from './handler.ts';

export const handler = createWaitForHandler(stepDepsFromEnvironment(process.env), {
  logger: createLogger('wait-for'),
});
