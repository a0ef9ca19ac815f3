import { spawn } from 'node:child_process';

/** A command run as a fresh process, as a user's shell runs it. */
export type ProcessCommand = {
  readonly label: string;
  readonly args: readonly string[];
  readonly cwd: string;
};

/**
 * Wall time of one run of `node ...args`, from the spawn to the exit, in milliseconds. What it
 * prints is read and dropped; an exit other than 0 fails the bench, so a broken command never
 * passes for a fast one.
 */
export function timeProcess(command: ProcessCommand): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...command.args], {
      cwd: command.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`${command.label} exited ${code}: ${stderr.trim()}`));
    });
  });
}
