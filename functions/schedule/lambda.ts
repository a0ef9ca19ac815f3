import { createLogger } from '../../shared/observability/logger.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createScheduleHandler } from './handler.ts';

export const handler = createScheduleHandler(stepDepsFromEnvironment(process.env), {
  logger: createLogger('schedule'),
});
