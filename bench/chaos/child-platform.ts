import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { BusBacklog } from '../../local/bus/event-journal.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO_ROOT, 'cli', 'bin', 'parcours.js');
/** The last lines of the child's output, shown when it fails. */
const KEPT_LINES = 40;
/** How the dev log announces the events a crash left in the bus journal (dev-server.ts). */
const REDELIVERY_LINE = /(\d+) event\(s\) accepted before the last stop are delivered again/;

export type ChildPlatformOptions = {
  readonly projectDir: string;
  readonly dataDir: string;
  /** The bus port; the admin endpoint listens on the next one and the SES inbox on the one after. */
  readonly port: number;
  readonly speed: number;
};

const Health = z.looseObject({ status: z.string(), bus: BusBacklog.nullable().optional() });
export type Health = z.infer<typeof Health>;

/**
 * `parcours dev` in a child process, as a user runs it, so that it can be killed with SIGKILL at
 * any instruction: nothing of the test's process survives in it.
 */
export class ChildPlatform {
  private readonly output: string[] = [];
  private exited: Promise<unknown>;
  /** Events the bus journal held from before this start, as the dev log announces them. */
  redelivered = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly options: ChildPlatformOptions,
  ) {
    const keep = (chunk: Buffer) => {
      const lines = chunk.toString('utf8').split('\n').filter(Boolean);
      for (const line of lines) {
        const announced = REDELIVERY_LINE.exec(line);
        if (announced !== null) this.redelivered = Number(announced[1]);
      }
      this.output.push(...lines);
      this.output.splice(0, Math.max(0, this.output.length - KEPT_LINES));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = once(child, 'exit');
  }

  get busEndpoint(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.options.port + 1}`;
  }

  /** Starts `parcours dev --no-demo` and resolves once its admin endpoint answers. */
  static async start(options: ChildPlatformOptions, readyWithinMs = 60_000): Promise<ChildPlatform> {
    const child = spawn(
      process.execPath,
      [
        BIN,
        'dev',
        '--no-demo',
        '--dir',
        options.projectDir,
        '--data',
        options.dataDir,
        '--port',
        String(options.port),
        '--speed',
        String(options.speed),
      ],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    const platform = new ChildPlatform(child, options);
    const deadline = Date.now() + readyWithinMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`parcours dev exited at start:\n${platform.lastLines()}`);
      if ((await platform.health())?.status === 'ok') return platform;
      await sleep(100);
    }
    await platform.kill();
    throw new Error(`parcours dev did not answer within ${readyWithinMs} ms:\n${platform.lastLines()}`);
  }

  async health(): Promise<Health | undefined> {
    try {
      const response = await fetch(`${this.adminUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      const parsed = Health.safeParse(await response.json());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** kill -9: no handler runs, no buffer is flushed, whatever the process was doing. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Ctrl-C: the dev server stops cleanly and releases its data folder. */
  async stop(withinMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), withinMs);
    await this.exited;
    clearTimeout(timer);
  }

  lastLines(): string {
    return this.output.join('\n');
  }
}

/**
 * A bus port whose two neighbours (admin endpoint, SES inbox) are free too. Another process may
 * take one meanwhile; the start then fails with EADDRINUSE and says so.
 */
export async function freePortTriple(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await listenOnce(0);
    if (port > 65_000) continue;
    const neighbours = await Promise.all([listenOnce(port + 1), listenOnce(port + 2)]).catch(() => undefined);
    if (neighbours !== undefined) return port;
  }
  throw new Error('no three consecutive free ports on loopback');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
