import { createLogger } from '../../shared/observability/logger.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createUpdateProfileHandler } from './handler.ts';

export const handler = createUpdateProfileHandler(stepDepsFromEnvironment(process.env), {
  logger: createLogger('update-profile'),
});
