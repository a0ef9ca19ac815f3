/**
 * What the commands take when not told otherwise, and the exit codes they end with. Every
 * `parcours` call loads this file, `--help` included: it must import nothing.
 */

export const DEFAULT_PROJECT_DIR = 'scenarios';
export const DEFAULT_DATA_DIR = '.parcours';
/** Where the console finds saved backtests. */
export const DEFAULT_BACKTESTS_DIR = 'backtests';
/** Where `npm start` runs the local bus; the admin endpoint takes the next port. */
export const DEFAULT_BUS_PORT = 4010;
export const DEFAULT_BUS_ENDPOINT = `http://127.0.0.1:${DEFAULT_BUS_PORT}`;

/** Exit codes: 0 success, 1 the project has violations, 2 the command itself was misused or failed. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
