import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';

const CLOCK_FILE = 'clock.json';
const SavedClock = z.object({ journeyTime: z.iso.datetime() });

/**
 * Journey time runs ahead of the wall clock (60× by default), so a restart that went back to the
 * wall clock would put new events before old ones, and caps and goal windows would count
 * backwards. The dev server saves where journey time stood and carries on from there.
 */
export async function readSavedClock(dataDir: string): Promise<Date | undefined> {
  const text = await readFile(join(dataDir, CLOCK_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = SavedClock.safeParse(JSON.parse(text));
    return parsed.success ? new Date(parsed.data.journeyTime) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Written beside, then renamed over: a process killed mid-write leaves the previous clock whole.
 * One fixed partial name, so a kill between write and rename leaves one file the next save
 * overwrites rather than a new one each time; callers must therefore never save concurrently.
 */
export async function saveClock(dataDir: string, journeyTime: Date): Promise<void> {
  const path = join(dataDir, CLOCK_FILE);
  const partial = `${path}.partial`;
  await writeFile(partial, `${JSON.stringify({ journeyTime: journeyTime.toISOString() })}\n`);
  await rename(partial, path);
}

/** Where journey time starts: never before where it stopped, nor before `requested` (now by default). */
export function journeyStart(saved: Date | undefined, requested: Date): Date {
  return saved !== undefined && saved.getTime() > requested.getTime() ? saved : requested;
}
