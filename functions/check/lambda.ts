import { createLogger } from '../../shared/observability/logger.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createCheckHandler } from './handler.ts';

export const handler = createCheckHandler(stepDepsFromEnvironment(process.env), {
  logger: createLogger('check'),
});
