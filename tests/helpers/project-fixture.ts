import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

import { EXAMPLES_DIR } from './examples.ts';

export { EXAMPLES_DIR };
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The project folder name inside each temp root: the same as in the repository, so output matches. */
export const PROJECT_NAME = 'scenarios';

/** A private copy of the example project that a test may break. */
export type ProjectFixture = {
  /** The temp folder holding the project: run the CLI here with `scenarios` as argument. */
  readonly root: string;
  /** The project folder itself (root/scenarios). */
  readonly dir: string;
  /** The absolute path of a file of the project, e.g. `templates/welcome/email.html`. */
  path(file: string): string;
  read(file: string): Promise<string>;
  /** Replaces the one occurrence of `search`; throws if it occurs zero or several times. */
  replace(file: string, search: string, replacement: string): Promise<void>;
  write(file: string, text: string): Promise<void>;
  remove(file: string): Promise<void>;
};

/**
 * Registers an afterEach that deletes every temp folder created during the test, and returns the
 * factories. Call it once at the top of a test file.
 */
export function useProjectFixtures(): {
  copyExamples: () => Promise<ProjectFixture>;
  tempDir: () => Promise<string>;
} {
  const created: string[] = [];
  afterEach(async () => {
    const dirs = created.splice(0);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'parcours-test-'));
    created.push(dir);
    return dir;
  };

  const copyExamples = async (): Promise<ProjectFixture> => {
    const root = await tempDir();
    const dir = join(root, PROJECT_NAME);
    await cp(EXAMPLES_DIR, dir, { recursive: true });
    const path = (file: string): string => join(dir, file);
    const read = (file: string): Promise<string> => readFile(path(file), 'utf8');
    return {
      root,
      dir,
      path,
      read,
      async replace(file, search, replacement) {
        const text = await read(file);
        const count = text.split(search).length - 1;
        if (count !== 1)
          throw new Error(`${file}: expected one occurrence of ${JSON.stringify(search)}, found ${count}`);
        await writeFile(
          path(file),
          text.replace(search, () => replacement),
        );
      },
      async write(file, text) {
        await mkdir(dirname(path(file)), { recursive: true });
        await writeFile(path(file), text);
      },
      async remove(file) {
        await rm(path(file));
      },
    };
  };

  return { copyExamples, tempDir };
}

/** The 1-based line of the first line of `text` that contains `needle`; throws if none does. */
export function lineContaining(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line contains ${JSON.stringify(needle)}`);
  return index + 1;
}

/** The 1-based column of `needle` in the first line that contains it. */
export function columnOf(text: string, needle: string): number {
  const line = text.split('\n')[lineContaining(text, needle) - 1] ?? '';
  return line.indexOf(needle) + 1;
}
