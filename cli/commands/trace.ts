import * as z from 'zod';
import { outboxOf } from '../../local/dev/data-files.ts';
import { openDataFolder } from '../../local/dev/data-folder.ts';
import { readSavedClock } from '../../local/dev/saved-clock.ts';
import { buildTrace, Trace } from '../../local/dev/trace.ts';
import { maskTrace } from '../../local/dev/trace-mask.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import { compileProject } from '../../state-machines/compile-project.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';
import { EXIT } from '../defaults.ts';
import { askDevServer } from '../input/dev-server-request.ts';
import { fromServerOrDataFolder } from '../input/find-dev-server.ts';
import { optionProblems } from '../input/option-problems.ts';
import { fail } from '../output/fail.ts';
import { traceReport } from './trace-report.ts';

const TraceOptions = z.object({
  dir: z.string().min(1),
  json: z.boolean().optional(),
  reveal: z.boolean().optional(),
  port: z.coerce.number().int().min(1).max(65_534).optional(),
  data: z.string().min(1),
});

export async function runTrace(profileId: string, rawOptions: unknown): Promise<void> {
  const options = TraceOptions.safeParse(rawOptions);
  if (!options.success) return fail(EXIT.usage, optionProblems(options.error, rawOptions));
  const { dir, json, port, data } = options.data;
  const reveal = options.data.reveal === true;
  // The SDK warns on every client under Node 20 about its 2027 releases; this project pins it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    const { value: trace, source } = await fromServerOrDataFolder(
      { port, dataDir: data },
      (admin) => askServer(admin, profileId, reveal),
      () => readDataFolder(data, dir, profileId, reveal),
    );
    if (json) process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
    else process.stdout.write(traceReport(trace, source, { reveal }));
    // Like grep: nothing known of that customer is not a failure of the command, but says so.
    if (trace.profile === null && trace.executions.length === 0 && trace.events.length === 0) {
      process.exitCode = EXIT.invalid;
    }
  } catch (error) {
    fail(EXIT.usage, error instanceof Error ? error.message : String(error));
  }
}

/**
 * The running server's trace, or undefined when none listens there. The id goes in the query: as
 * a path segment, an id of dots only (`..`) would be resolved away by the URL parser.
 */
function askServer(admin: string, profileId: string, reveal: boolean): Promise<Trace | undefined> {
  const query = new URLSearchParams({ id: profileId, ...(reveal ? { reveal: 'true' } : {}) });
  return askDevServer(admin, `/trace?${query}`, Trace);
}

async function readDataFolder(
  dataDir: string,
  projectDir: string,
  profileId: string,
  reveal: boolean,
): Promise<Trace> {
  const scenarios = await scenariosOf(projectDir);
  const folder = await openDataFolder(dataDir);
  try {
    const at = (await readSavedClock(dataDir)) ?? new Date();
    const trace = await buildTrace(folder.store, outboxOf(dataDir), scenarios, profileId, at);
    return reveal ? trace : maskTrace(trace);
  } finally {
    await folder.stop();
  }
}

/**
 * The valid scenarios of the project, which only place each ledger record under its state: a
 * project that cannot be read leaves the records in time order, and the trace is still printed.
 */
async function scenariosOf(projectDir: string): Promise<ProjectScenario[]> {
  try {
    return compileProject(validateProject(await loadProject(projectDir)).project);
  } catch {
    return [];
  }
}
