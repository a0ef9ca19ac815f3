import { open } from 'node:fs/promises';
import * as z from 'zod';
import { Duration, durationSeconds } from '../../language/duration.ts';
import { ERROR_NAMES } from '../../language/error-names.ts';
import { SimulatedEvent } from '../../local/simulate/input/simulated-event.ts';
import { SimulatedProfile } from '../../local/simulate/input/simulated-profile.ts';
import { SimulationInputError } from '../../local/simulate/input/simulation-input-error.ts';
import { type SimulateOptions, simulate } from '../../local/simulate/simulate.ts';
import { EXIT } from '../defaults.ts';
import { optionProblems } from '../input/option-problems.ts';
import { InputError, parseJsonValues, readInput, STDIN_NAME } from '../input/read-json.ts';
import { zodViolations } from '../input/zod-violations.ts';
import { fail } from '../output/fail.ts';
import { jsonPieces, writePieces } from '../output/write-pieces.ts';
import { outcomeReportTable } from './report-table.ts';
import { simulationTableLines } from './simulation-table.ts';

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
  if (!parsed.success) return fail(EXIT.usage, optionProblems(parsed.error, rawFlags));
  const flags: SimulateFlags = parsed.data;
  // Local runs talk to loopback stand-ins only: the SDK's notice about Node versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    const input = await simulationInput(flags);
    const report = await simulate({
      projectDir: flags.dir,
      ...input,
      only: flags.scenario,
      until: untilOf(flags.until),
      workers: flags.workers,
      onProgress: progressBar(),
    });
    await writePieces(
      flags.json ? jsonPieces(report, 0, '\n') : linesOf(simulationTableLines(report)),
      process.stdout,
    );
    if (flags.report === true && flags.json !== true)
      process.stdout.write(`\n${outcomeReportTable(report.outcomes)}`);
  } catch (error) {
    if (error instanceof Error && error.name === ERROR_NAMES.projectInvalid) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    if (!(error instanceof InputError || error instanceof SimulationInputError)) throw error;
    // Events, profiles or scenarios that cannot be used: the command was given the wrong input.
    fail(EXIT.usage, error.message);
  }
}

/**
 * Files of JSON lines are streamed: the simulation reads them as it goes, so an input of millions
 * of events never sits in memory. Standard input, a JSON array or a single document is read whole.
 */
async function simulationInput(
  flags: SimulateFlags,
): Promise<Pick<SimulateOptions, 'events' | 'profiles' | 'files'>> {
  const paths = [flags.events, ...(flags.profiles === undefined ? [] : [flags.profiles])];
  if ((await Promise.all(paths.map(isJsonLinesFile))).every(Boolean))
    return {
      files: {
        events: flags.events,
        profiles: flags.profiles,
        readEvent: (value, where) => checked(SimulatedEvent, value, where),
        checkProfile: (value, where) => {
          const result = checked(SimulatedProfile, value, where);
          return Array.isArray(result) ? result : [];
        },
      },
    };
  return {
    events: await readLines(flags.events, SimulatedEvent),
    profiles: flags.profiles === undefined ? [] : await readLines(flags.profiles, SimulatedProfile),
  };
}

/** Takes classic or zod/mini schemas: the event and profile schemas are zod/mini. */
function checked<T extends z.core.$ZodType>(
  schema: T,
  value: unknown,
  where: string,
): z.core.output<T> | string[] {
  const result = z.safeParse(schema, value);
  return result.success ? result.data : zodViolations(where, result.error);
}

async function readLines<T extends z.core.$ZodType>(file: string, schema: T): Promise<z.core.output<T>[]> {
  const values = parseJsonValues(await readInput(file), file === '-' ? STDIN_NAME : file);
  const problems: string[] = [];
  const parsed: z.core.output<T>[] = [];
  for (const { value, where } of values) {
    const result = checked(schema, value, where);
    if (Array.isArray(result)) problems.push(...result);
    else parsed.push(result);
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return parsed;
}

/** An ISO time, or a duration the simulation counts from its first event. */
function untilOf(until: string | undefined): SimulateOptions['until'] {
  if (until === undefined) return undefined;
  if (Duration.safeParse(until).success) return { afterFirstEvent: durationSeconds(until) };
  const time = Date.parse(until);
  if (Number.isNaN(time))
    throw new InputError(`--until: expected an ISO time or a duration such as 7d, got "${until}"`);
  return new Date(time);
}

/** Looked at to tell JSON lines from one document: more than any first line of an event file. */
const FIRST_LINE_BYTES = 1 << 20;

/** Whether the file's first non-blank line is a JSON object of its own (standard input never is). */
async function isJsonLinesFile(path: string): Promise<boolean> {
  if (path === STDIN_NAME || path === '-') return false;
  const file = await open(path, 'r').catch(() => undefined);
  if (file === undefined) return false;
  try {
    const buffer = Buffer.alloc(FIRST_LINE_BYTES);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const lines = buffer.toString('utf8', 0, bytesRead).split('\n');
    const first =
      lines.slice(0, -1).find((line) => line.trim() !== '') ??
      (bytesRead < buffer.length ? lines.at(-1) : '');
    const value: unknown = JSON.parse(first ?? '');
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  } finally {
    await file.close();
  }
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

function* linesOf(lines: readonly string[]): Generator<string> {
  for (const [index, line] of lines.entries()) yield index === 0 ? line : `\n${line}`;
}
