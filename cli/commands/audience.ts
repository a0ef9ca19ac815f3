import * as z from 'zod';
import { SampleSize } from '../../local/dev/admin-server.ts';
import { openDataFolder } from '../../local/dev/data-folder.ts';
import { readSavedClock } from '../../local/dev/saved-clock.ts';
import { buildProject } from '../../local/platform/project-build.ts';
import {
  AudiencePreview,
  audienceTarget,
  previewAudience,
} from '../../shared/broadcasts/audience-preview.ts';
import { EXIT } from '../defaults.ts';
import { askDevServer } from '../input/dev-server-request.ts';
import { fromServerOrDataFolder } from '../input/find-dev-server.ts';
import { optionProblems } from '../input/option-problems.ts';
import { fail } from '../output/fail.ts';
import { audienceTable } from './audience-table.ts';

const AudienceOptions = z.object({
  dir: z.string().min(1),
  json: z.boolean().optional(),
  sample: SampleSize,
  port: z.coerce.number().int().min(1).max(65_534).optional(),
  data: z.string().min(1),
});

export async function runAudience(name: string, rawOptions: unknown): Promise<void> {
  const options = AudienceOptions.safeParse(rawOptions);
  if (!options.success) return fail(EXIT.usage, optionProblems(options.error, rawOptions));
  const { dir, json, sample, port, data } = options.data;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    const { value: preview, source } = await fromServerOrDataFolder(
      { port, dataDir: data },
      (admin) =>
        askDevServer(admin, `/audience/${encodeURIComponent(name)}?sample=${sample}`, AudiencePreview),
      () => readDataFolder(data, dir, name, sample),
    );
    process.stdout.write(
      json === true ? `${JSON.stringify(preview, null, 2)}\n` : audienceTable(preview, source),
    );
  } catch (error) {
    fail(EXIT.usage, error instanceof Error ? error.message : String(error));
  }
}

async function readDataFolder(dataDir: string, projectDir: string, name: string, sample: number) {
  const { bundle } = await buildProject(projectDir);
  const target = audienceTarget(bundle, name);
  if (typeof target === 'string') throw new Error(target);
  const folder = await openDataFolder(dataDir);
  try {
    const now = (await readSavedClock(dataDir)) ?? new Date();
    return await previewAudience(folder.store, bundle, target, { now, sample });
  } finally {
    await folder.stop();
  }
}
