import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';

/**
 * Where a running dev server says where it listens, in its data folder: the CLI's commands find
 * it there whatever `--port` it was started with, and know not to open a store it holds.
 */
export const SERVER_FILE = 'server.json';

const LoopbackUrl = z.url({ protocol: /^http$/ });

export const RunningServer = z.object({
  pid: z.number().int().positive(),
  busEndpoint: LoopbackUrl,
  adminUrl: LoopbackUrl,
  inboxUrl: LoopbackUrl,
});
export type RunningServer = z.infer<typeof RunningServer>;

/** Written beside, then renamed over, so a reader never sees half a file. */
export async function recordServer(dataDir: string, server: RunningServer): Promise<void> {
  const path = join(dataDir, SERVER_FILE);
  const partial = `${path}.${server.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(server, null, 2)}\n`);
  await rename(partial, path);
}

/** Removes the record at a clean stop, unless another server has written its own since. */
export async function forgetServer(dataDir: string, pid: number): Promise<void> {
  const recorded = await readRecord(dataDir);
  if (recorded?.pid === pid) await rm(join(dataDir, SERVER_FILE), { force: true });
}

/**
 * The dev server recorded in a data folder, if its process still runs. A server killed with
 * `kill -9` leaves its record behind: a dead pid makes it void.
 */
export async function runningServerOf(dataDir: string): Promise<RunningServer | undefined> {
  const recorded = await readRecord(dataDir);
  return recorded !== undefined && isAlive(recorded.pid) ? recorded : undefined;
}

async function readRecord(dataDir: string): Promise<RunningServer | undefined> {
  const text = await readFile(join(dataDir, SERVER_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = RunningServer.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return z.looseObject({ code: z.literal('EPERM') }).safeParse(error).success;
  }
}
