import * as z from 'zod';
import { type DevServer, startDevServer } from '../../local/platform/dev-server.ts';
import { ProjectInvalidError } from '../../local/platform/project-build.ts';
import { EXIT } from '../defaults.ts';
import { optionProblems } from '../input/option-problems.ts';
import { fail } from '../output/fail.ts';

const Port = z.coerce.number().int().min(0).max(65_533);

const DevOptions = z.object({
  dir: z.string().min(1),
  data: z.string().min(1),
  port: Port,
  speed: z.coerce.number().positive().max(10_000_000),
  demo: z.boolean(),
  backtests: z.string().min(1),
});

export async function runDev(rawOptions: unknown, commands: ReadonlySet<string>): Promise<void> {
  const options = DevOptions.safeParse(rawOptions);
  if (!options.success) return fail(EXIT.usage, optionProblems(options.error, rawOptions));
  // The SDK warns on every client under Node 20 about its 2027 releases; this project pins it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let server: DevServer;
  try {
    server = await startDevServer({
      projectDir: options.data.dir,
      dataDir: options.data.data,
      busPort: options.data.port,
      speed: options.data.speed,
      demo: options.data.demo,
      backtestsDir: options.data.backtests,
      commands,
    });
  } catch (error) {
    reportStartFailure(error, options.data.port);
    // What a failed start left open (a store, a port) must not keep the process waiting.
    process.exit(process.exitCode);
  }
  await untilStopped(server);
}

/** Ctrl-C or a TERM from a process manager: stop timers, close the bus, SES and the store, exit 0. */
function untilStopped(server: DevServer): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`\n${signal}: stopping; journeys still waiting resume at the next start\n`);
      server.stop().then(
        () => {
          process.exitCode = EXIT.ok;
          resolve();
          // Anything an SDK client still holds open must not keep the process alive.
          setTimeout(() => process.exit(EXIT.ok), 500).unref();
        },
        (error: unknown) => {
          process.stderr.write(`parcours: stopping failed: ${String(error)}\n`);
          process.exit(EXIT.usage);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    // A step that fails while the platform closes must not crash the server with a stack trace.
    process.on('unhandledRejection', (reason) => {
      process.stderr.write(`parcours: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    });
  });
}

function reportStartFailure(error: unknown, port: number): void {
  if (error instanceof ProjectInvalidError) {
    process.stderr.write(`${error.message}\nparcours: fix the scenarios above, then npm start again\n`);
    process.exitCode = EXIT.invalid;
    return;
  }
  const code = z.looseObject({ code: z.string() }).safeParse(error);
  if (code.success && code.data.code === 'EADDRINUSE') {
    process.stderr.write(
      `parcours: port ${port}, ${port + 1} or ${port + 2} is taken (is another npm start running?); try --port ${port + 10}\n`,
    );
  } else {
    process.stderr.write(`parcours: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = EXIT.usage;
}
