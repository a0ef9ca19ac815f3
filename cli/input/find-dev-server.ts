import { type RunningServer, runningServerOf } from '../../local/dev/server-file.ts';
import { DEFAULT_BUS_PORT } from '../defaults.ts';
import { readDataFolderAlone } from './data-folder-read.ts';
import { adminUrlOf } from './dev-server-request.ts';

/** What a command asked, and where: a running dev server's answer, or none. */
export type ServerAnswer<T> =
  | { readonly kind: 'answered'; readonly value: T; readonly admin: string }
  /** Nothing answers, and no live dev server holds the data folder: the caller may read it. */
  | { readonly kind: 'none' };

/**
 * Asks the dev server at `--port` when given and at the address it recorded in the data folder;
 * with neither, at the default port. When none answers yet one is recorded alive, the folder is
 * held and must not be opened beside it: that is an error saying so, not a fallback.
 */
export async function askRunningServer<T>(
  request: { readonly port: number | undefined; readonly dataDir: string },
  ask: (admin: string) => Promise<T | undefined>,
): Promise<ServerAnswer<T>> {
  const recorded = await runningServerOf(request.dataDir);
  return askAmong(candidates(request.port, recorded), recorded, request.dataDir, ask);
}

/**
 * Asks only the dev server running from the data folder, never one at the default port, which
 * may run from another folder: for a command that is about this folder's server alone.
 */
export async function askRecordedServer<T>(
  dataDir: string,
  ask: (admin: string) => Promise<T | undefined>,
): Promise<ServerAnswer<T>> {
  const recorded = await runningServerOf(dataDir);
  return askAmong(recorded === undefined ? [] : [recorded.adminUrl], recorded, dataDir, ask);
}

async function askAmong<T>(
  admins: readonly string[],
  recorded: RunningServer | undefined,
  dataDir: string,
  ask: (admin: string) => Promise<T | undefined>,
): Promise<ServerAnswer<T>> {
  for (const admin of admins) {
    const value = await ask(admin);
    if (value !== undefined) return { kind: 'answered', value, admin };
  }
  if (recorded !== undefined) {
    throw new Error(
      `the dev server (process ${recorded.pid}) holds ${dataDir} but did not answer at ${recorded.adminUrl}; if it is starting or reloading, try again in a moment`,
    );
  }
  return { kind: 'none' };
}

/**
 * The answer of the running dev server, or else what `read` makes of the data folder opened in
 * this process (see readDataFolderAlone), with where it came from, for the command to say.
 */
export async function fromServerOrDataFolder<T>(
  request: { readonly port: number | undefined; readonly dataDir: string },
  ask: (admin: string) => Promise<T | undefined>,
  read: () => Promise<T>,
): Promise<{ readonly value: T; readonly source: string }> {
  const answer = await askRunningServer(request, ask);
  if (answer.kind === 'answered')
    return { value: answer.value, source: `from the dev server at ${answer.admin}` };
  return {
    value: await readDataFolderAlone(request.dataDir, read),
    source: `read from ${request.dataDir}, no dev server running`,
  };
}

function candidates(port: number | undefined, recorded: RunningServer | undefined): string[] {
  const admins = [
    ...(port === undefined ? [] : [adminUrlOf(port)]),
    ...(recorded === undefined ? [] : [recorded.adminUrl]),
    ...(port === undefined && recorded === undefined ? [adminUrlOf(DEFAULT_BUS_PORT)] : []),
  ];
  return [...new Set(admins)];
}
