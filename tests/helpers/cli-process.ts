import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './project-fixture.ts';

/** The `parcours` command as a user runs it: the built CLI while current, else the sources. */
export const CLI_BIN = join(REPO_ROOT, 'cli', 'bin', 'parcours.js');

export type CliRun = { readonly code: number; readonly stdout: string; readonly stderr: string };

export type CliOptions = {
  /** Where the command runs. @default the repository root */
  readonly cwd?: string;
  /** Variables added to this process's environment. */
  readonly env?: NodeJS.ProcessEnv;
  /** What the command reads on stdin (nothing when absent). */
  readonly stdin?: string;
};

/** Runs `node cli/bin/parcours.js ...args` and resolves whatever its exit code. */
export function parcours(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [CLI_BIN, ...args],
      { cwd: options.cwd ?? REPO_ROOT, timeout: 100_000, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        if (error === null) resolve({ code: 0, stdout, stderr });
        else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else reject(error);
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** A loopback port nothing listens on: taken from the system, then given back. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
