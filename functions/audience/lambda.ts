import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod/mini';
import { broadcastPace } from '../../shared/broadcasts/pace.ts';
import { s3AudienceFiles } from '../../shared/broadcasts/s3-audience-files.ts';
import { sesMaxSendRate } from '../../shared/channels/ses-send-quota.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createAudienceHandler } from './handler.ts';

const env = parseEnv(
  z.object({
    AUDIENCE_BUCKET: z.string().check(z.minLength(1), z.describe('the bucket of the audience files')),
    SCAN_SEGMENTS: z
      .pipe(z.string(), z.transform(Number))
      .check(z.int(), z.positive(), z.describe('segments of the parallel scan of the table, read at once')),
  }),
  process.env,
);

const maxSendRate = sesMaxSendRate(new SESv2Client({}));

export const handler = createAudienceHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    files: s3AudienceFiles(new S3Client({}), env.AUDIENCE_BUCKET),
    pace: async () => broadcastPace(await maxSendRate()),
    scanSegments: env.SCAN_SEGMENTS,
  },
  { logger: createLogger('audience') },
);
