import { resolve } from 'node:path';
import * as z from 'zod';
import { readReport } from '../../local/console/backtest-shelf.ts';
import { CONSOLE_PATH } from '../../local/console/console-path.ts';
import { type ConsoleServer, startConsoleServer } from '../../local/console/console-server.ts';
import { buildProject } from '../../local/platform/project-build.ts';
import { EXIT } from '../defaults.ts';
import { askRecordedServer } from '../input/find-dev-server.ts';
import { optionProblems } from '../input/option-problems.ts';
import { fail } from '../output/fail.ts';

const ConsoleOptions = z.object({
  report: z.string().min(1).optional(),
  aws: z.boolean().optional(),
  stack: z.string().min(1),
  dir: z.string().min(1),
  data: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65_535),
  host: z.string().min(1),
});
type ConsoleOptions = z.infer<typeof ConsoleOptions>;

const Health = z.object({ status: z.string() });

export async function runConsole(raw: unknown): Promise<void> {
  const parsed = ConsoleOptions.safeParse(raw);
  if (!parsed.success) return fail(EXIT.usage, optionProblems(parsed.error, raw));
  try {
    if (parsed.data.aws === true) return await serveAws(parsed.data);
    if (parsed.data.report === undefined) return await pointAtDevServer(parsed.data);
    await serveReport(parsed.data, parsed.data.report);
  } catch (error) {
    fail(EXIT.usage, error instanceof Error ? error.message : String(error));
  }
}

/** Without a report, the console is the dev server's: say where it is, or how to start it. */
async function pointAtDevServer(options: ConsoleOptions): Promise<void> {
  const found = await askRecordedServer(options.data, async (admin) => {
    const health = await fetch(`${admin}/health`, { signal: AbortSignal.timeout(5_000) }).catch(
      () => undefined,
    );
    return health?.ok === true && Health.safeParse(await health.json()).success ? admin : undefined;
  });
  if (found.kind === 'none') {
    return fail(
      EXIT.usage,
      'no dev server runs for this data folder: start it with `npm start` (its console is in the banner), or open a saved backtest with `parcours console --report <file>`',
    );
  }
  process.stdout.write(`The local platform's console: ${found.admin}${CONSOLE_PATH}/\n`);
}

async function serveReport(options: ConsoleOptions, report: string): Promise<void> {
  const { scenarios } = await buildProject(options.dir);
  const file = resolve(report);
  const source = await readReport(file, `backtest ${report}`, scenarios);
  if (typeof source === 'string') return fail(EXIT.usage, source);
  const server = await startConsoleServer({ live: source }, { port: options.port, host: options.host });
  process.stdout.write(`Backtest ${report} in the console: ${server.url}  (Ctrl-C stops)\n`);
  await untilInterrupted(server);
}

async function serveAws(options: ConsoleOptions): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { serveAwsConsole } = await import('./console-aws.ts');
  const server = await serveAwsConsole(options);
  process.stdout.write(
    `Stack ${options.stack} in the console: ${server.url}  (read-only, with your AWS credentials; Ctrl-C stops)\n`,
  );
  await untilInterrupted(server);
}

function untilInterrupted(server: ConsoleServer): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      void server.close().then(() => {
        process.exitCode = EXIT.ok;
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
