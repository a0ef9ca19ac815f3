import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';

/** Written beside the built CLI; `cli/bin/parcours.js` reads it (without zod, to start fast). */
export const BUILD_INPUTS_FILE = 'inputs.json';

/** When the build started, and every source file it read, relative to the repository root. */
export const BuildInputs = z.object({
  builtAt: z.number(),
  inputs: z.array(z.string().min(1)),
});
export type BuildInputs = z.infer<typeof BuildInputs>;

/**
 * The inputs changed (or gone) since the build in `distDir` started, as `cli/bin/parcours.js`
 * judges them; undefined when there is no build to judge.
 */
export async function changedSinceBuild(repoRoot: string, distDir: string): Promise<string[] | undefined> {
  const text = await readFile(join(distDir, BUILD_INPUTS_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const { builtAt, inputs } = BuildInputs.parse(JSON.parse(text));
  const changed: string[] = [];
  for (const input of inputs) {
    const modified = await stat(join(repoRoot, input)).then(
      ({ mtimeMs }) => mtimeMs,
      () => Number.POSITIVE_INFINITY,
    );
    if (modified > builtAt) changed.push(input);
  }
  return changed;
}
