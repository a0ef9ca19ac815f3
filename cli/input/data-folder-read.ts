import { EXIT } from '../defaults.ts';

/** What dynalite throws, from a callback, when LevelDB could not take the folder's lock. */
const LOCKED = 'Database is closed';

/**
 * Runs `read` on a data folder opened in this process. Its store is LevelDB, which one process
 * holds at a time: a folder held by a process that did not record itself as a dev server (an older
 * server, another command reading it) makes dynalite throw from a callback, out of reach of any
 * try/catch. That crash is said for what it is, on one line, with the exit code of a failed command.
 */
export async function readDataFolderAlone<T>(dataDir: string, read: () => Promise<T>): Promise<T> {
  const crashed = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      message === LOCKED
        ? `parcours: ${dataDir} is in use by another process; ask the dev server that holds it with --port, or stop it\n`
        : `parcours: ${message}\n`,
    );
    process.exit(EXIT.usage);
  };
  // Before the CLI's own handler, which would say only "Database is closed".
  process.prependListener('uncaughtException', crashed);
  try {
    return await read();
  } finally {
    process.off('uncaughtException', crashed);
  }
}
