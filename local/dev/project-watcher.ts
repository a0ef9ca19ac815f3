import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

export type ProjectWatcher = { close(): void };

const DEBOUNCE_MS = 300;

/** The files a project is made of; editors' swap files and sed's temporary files are not. */
const PROJECT_FILE = /\.(ya?ml|mjml|html|txt)$/;

function isProjectFile(name: string): boolean {
  const base = name.split(/[\\/]/).at(-1) ?? name;
  return !base.startsWith('.') && PROJECT_FILE.test(base);
}

/**
 * Calls `onChange` with the files that changed, once a burst of file events has been quiet for a
 * moment (an editor's save is several events), and only when some content really changed.
 *
 * Each folder is watched on its own rather than with `recursive: true`: on Linux, Node 20 watches
 * the files themselves then, and loses a file that an editor saves by renaming a new one over it.
 * A folder's watch sees such a save, and folders added later (a new template) are picked up.
 */
export async function watchProject(
  dir: string,
  onChange: (files: readonly string[]) => void,
): Promise<ProjectWatcher> {
  let fingerprint = await projectFingerprint(dir);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const changed = new Set<string>();
  const watchers = new Map<string, FSWatcher>();

  const settle = async () => {
    await watchFolders();
    const next = await projectFingerprint(dir);
    if (closed || next === fingerprint) return;
    fingerprint = next;
    const files = [...changed].sort();
    changed.clear();
    onChange(files);
  };
  const noticed = (folder: string, name: string | null) => {
    // Any event re-checks (a new folder may hold templates); only project files are named.
    if (name !== null && isProjectFile(name)) changed.add(relative(dir, join(folder, name)));
    clearTimeout(timer);
    timer = setTimeout(() => void settle(), DEBOUNCE_MS);
  };
  const watchFolders = async () => {
    const folders = await projectFolders(dir);
    for (const folder of folders) {
      if (closed || watchers.has(folder)) continue;
      const watcher = watch(folder, (_event, name) => noticed(folder, name));
      // A folder deleted stops its own watch; the rest of the project is still watched.
      watcher.on('error', () => {
        watcher.close();
        watchers.delete(folder);
      });
      watchers.set(folder, watcher);
    }
  };
  await watchFolders();
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

async function projectFolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return [
    dir,
    ...entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => join(entry.parentPath, entry.name)),
  ];
}

/** A digest of every project file's path and content. */
async function projectFingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((entry) => entry.isFile() && isProjectFile(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest('hex');
}
