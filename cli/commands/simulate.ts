import * as z from 'zod';
import { Duration, durationSeconds } from '../../language/duration.ts';
import { ERROR_NAMES } from '../../language/error-names.ts';
import { simulate } from '../../local/simulate/simulate.ts';
import { EventEnvelope } from '../../shared/events/envelope.ts';
import { Profile } from '../../shared/profiles/profile.ts';
import { EXIT } from '../defaults.ts';
import { InputError, parseJsonValues, readInput } from '../input/read-json.ts';
import { zodViolations } from '../input/zod-violations.ts';
import { outcomeReportTable } from './report-table.ts';
import { simulationTable } from './simulation-table.ts';

const SimulateFlags = z.object({
  events: z.string().min(1),
  profiles: z.string().min(1).optional(),
  scenario: z.array(z.string().min(1)).optional(),
  until: z.string().optional(),
  workers: z.coerce.number().int().min(1).max(64).optional(),
  json: z.boolean().optional(),
  report: z.boolean().optional(),
  dir: z.string().min(1),
});
type SimulateFlags = z.infer<typeof SimulateFlags>;

export async function runSimulate(rawFlags: unknown): Promise<void> {
  const parsed = SimulateFlags.safeParse(rawFlags);
  if (!parsed.success) {
    process.stderr.write(`parcours: ${z.prettifyError(parsed.error)}\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  const flags: SimulateFlags = parsed.data;
  // Local runs talk to loopback stand-ins only: the SDK's notice about Node versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    const events = await readLines(flags.events, EventEnvelope);
    const profiles = flags.profiles === undefined ? [] : await readLines(flags.profiles, Profile);
    const first = events.map((event) => Date.parse(event.time)).sort((a, b) => a - b)[0];
    const report = await simulate({
      projectDir: flags.dir,
      events,
      profiles,
      only: flags.scenario,
      until: untilOf(flags.until, first),
      workers: flags.workers,
      onProgress: progressBar(),
    });
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : simulationTable(report));
    if (flags.report === true && flags.json !== true)
      process.stdout.write(`\n${outcomeReportTable(report.outcomes)}`);
  } catch (error) {
    if (error instanceof Error && error.name === ERROR_NAMES.projectInvalid) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    if (!(error instanceof InputError)) throw error;
    // Events or profiles that cannot be read: the command was given the wrong input.
    process.stderr.write(`${error.message}\n`);
    process.exitCode = EXIT.usage;
  }
}

async function readLines<T extends z.ZodType>(file: string, schema: T): Promise<z.infer<T>[]> {
  const values = parseJsonValues(await readInput(file), file);
  const problems: string[] = [];
  const parsed: z.infer<T>[] = [];
  for (const { value, where } of values) {
    const result = schema.safeParse(value);
    if (result.success) parsed.push(result.data);
    else problems.push(...zodViolations(where, result.error));
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return parsed;
}

function untilOf(until: string | undefined, first: number | undefined): Date | undefined {
  if (until === undefined) return undefined;
  if (Duration.safeParse(until).success) {
    if (first === undefined)
      throw new InputError('--until: a duration counts from the first event, and there is none');
    return new Date(first + durationSeconds(until) * 1000);
  }
  const time = Date.parse(until);
  if (Number.isNaN(time))
    throw new InputError(`--until: expected an ISO time or a duration such as 7d, got "${until}"`);
  return new Date(time);
}

/** A bar on stderr when a person watches; nothing in pipes and CI logs. */
function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let shown = -1;
  return (done, total) => {
    const percent = Math.floor((done / Math.max(total, 1)) * 100);
    if (percent === shown) return;
    shown = percent;
    const filled = Math.round(percent / 4);
    process.stderr.write(
      `\rsimulating [${'#'.repeat(filled)}${'.'.repeat(25 - filled)}] ${percent}% (${done}/${total} events)`,
    );
    if (done === total) process.stderr.write('\n');
  };
}
