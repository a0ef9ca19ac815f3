import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { runningServerOf } from '../../local/dev/server-file.ts';
import { PUT_EVENTS_LIMITS } from '../../shared/events/put-events-entry.ts';
import { DEFAULT_BUS_ENDPOINT, EXIT } from '../defaults.ts';
import { entryFromFlags, toPutEventsEntries } from '../input/event-entries.ts';
import { optionProblems } from '../input/option-problems.ts';
import { putEventsBatches } from '../input/put-events-batches.ts';
import { InputError, parseJson, parseJsonValues, readInput, STDIN_NAME } from '../input/read-json.ts';
import { fail } from '../output/fail.ts';
import { adminBeside, outcomeLine, outcomesOf, type Published, profileOf } from './event-outcomes.ts';

const Endpoint = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const SendEventOptions = z.object({
  source: z.string().min(1).optional(),
  detailType: z.string().min(1).optional(),
  detail: z.string().optional(),
  endpoint: Endpoint.optional(),
  aws: z.boolean().optional(),
  admin: Endpoint.optional(),
  busName: z.string().min(1),
  data: z.string().min(1),
});
export type SendEventOptions = z.infer<typeof SendEventOptions>;

/** Read once per run; the endpoint given by flag wins over it. */
export const SendEventEnv = z.object({ PARCOURS_BUS_ENDPOINT: Endpoint.optional() });
export type SendEventEnv = z.infer<typeof SendEventEnv>;

export async function runSendEvent(file: string | undefined, rawOptions: unknown): Promise<void> {
  const options = SendEventOptions.safeParse(rawOptions);
  const env = SendEventEnv.safeParse(process.env);
  if (!options.success) return fail(EXIT.usage, optionProblems(options.error, rawOptions));
  if (!env.success)
    return fail(
      EXIT.usage,
      `$PARCOURS_BUS_ENDPOINT: ${env.error.issues.map(({ message }) => message).join('; ')}, got ${JSON.stringify(process.env.PARCOURS_BUS_ENDPOINT)}`,
    );
  const target = await targetOf(options.data, env.data);
  const published: Published[] = [];
  let entries: PutEventsRequestEntry[] = [];
  try {
    entries = await entriesFrom(file, options.data);
    const refused = await send(entries, target, published);
    if (refused > 0) fail(EXIT.invalid, `${refused} of ${entries.length} events refused`);
  } catch (error) {
    // Bad input, no bus, a failed call: the command failed, which is not the events' fault.
    fail(EXIT.usage, messageFor(error, target));
  }
  // The ids of what the bus took are reported even when a later batch failed.
  if (target.kind === 'local') await reportOutcomes(target, published, entries.length);
}

/**
 * The local bus answers once it has the events; the platform decides afterwards. Its verdict on
 * each, or that it is unknown: a bus that took an event has not said the platform accepted it.
 */
async function reportOutcomes(
  target: Extract<Target, { kind: 'local' }>,
  published: readonly Published[],
  total: number,
): Promise<void> {
  if (published.length === 0) return;
  const outcomes = await outcomesOf(target.admin, published);
  for (const outcome of outcomes) process.stdout.write(`${outcomeLine(outcome)}\n`);
  const rejected = outcomes.filter((outcome) => outcome.kind === 'rejected').length;
  if (rejected > 0) {
    fail(
      EXIT.invalid,
      `${rejected} of ${total} events rejected by the platform (parcours rejected lists them)`,
    );
  }
}

type Target =
  | {
      readonly kind: 'local';
      readonly endpoint: string;
      readonly admin: string;
      /** Where the endpoint came from, for the hint when nothing listens there. */
      readonly from: 'given' | 'recorded' | 'default';
      readonly dataDir: string;
    }
  | { readonly kind: 'aws' };

/**
 * The bus named by flag or environment; else the one the running dev server recorded in its data
 * folder, whatever its port; else the default port.
 */
async function targetOf(options: SendEventOptions, env: SendEventEnv): Promise<Target> {
  if (options.aws) return { kind: 'aws' };
  const dataDir = options.data;
  const given = options.endpoint ?? env.PARCOURS_BUS_ENDPOINT;
  if (given !== undefined)
    return {
      kind: 'local',
      endpoint: given,
      admin: options.admin ?? adminBeside(given),
      from: 'given',
      dataDir,
    };
  const recorded = await runningServerOf(dataDir);
  if (recorded !== undefined) {
    const admin = options.admin ?? recorded.adminUrl;
    return { kind: 'local', endpoint: recorded.busEndpoint, admin, from: 'recorded', dataDir };
  }
  const admin = options.admin ?? adminBeside(DEFAULT_BUS_ENDPOINT);
  return { kind: 'local', endpoint: DEFAULT_BUS_ENDPOINT, admin, from: 'default', dataDir };
}

async function entriesFrom(
  file: string | undefined,
  options: SendEventOptions,
): Promise<PutEventsRequestEntry[]> {
  const usesFlags = [options.source, options.detailType, options.detail].some((flag) => flag !== undefined);
  if (file !== undefined && usesFlags) {
    throw new InputError('give either a file or --source/--detail-type/--detail, not both');
  }
  if (file !== undefined) {
    const name = file === '-' ? STDIN_NAME : file;
    return toPutEventsEntries(parseJsonValues(await readInput(file), name), options.busName);
  }
  if (options.source === undefined || options.detailType === undefined) {
    throw new InputError('give a file of events, or both --source and --detail-type (and --detail)');
  }
  const detail = parseJson(options.detail ?? '{}', '--detail');
  return [
    entryFromFlags({ source: options.source, detailType: options.detailType, detail }, options.busName),
  ];
}

/**
 * Sends in batches. To AWS, each id is printed as its batch is accepted; locally, the accepted
 * events are collected in `published`, to be reported with the platform's verdict. Returns how many
 * entries the bus refused.
 */
async function send(
  entries: readonly PutEventsRequestEntry[],
  target: Target,
  published: Published[],
): Promise<number> {
  const client = clientFor(target);
  const { batches, oversized } = putEventsBatches(entries);
  for (const { number, entry, size } of oversized) {
    const profileId = profileOf(entry.Detail);
    process.stderr.write(
      `parcours: event ${number}${profileId === undefined ? '' : ` (${profileId})`} refused: its entry is ${Math.ceil(size / 1024)} KB, over the ${PUT_EVENTS_LIMITS.bytes / 1024} KB an EventBridge entry may hold\n`,
    );
  }
  let refused = oversized.length;
  try {
    for (const batch of batches) {
      const response = await client.send(new PutEventsCommand({ Entries: batch.map(({ entry }) => entry) }));
      (response.Entries ?? []).forEach((result, index) => {
        const sent = batch[index];
        const eventId = accepted(result, sent?.number ?? index + 1);
        if (eventId === undefined) refused++;
        else if (target.kind === 'aws') process.stdout.write(`${eventId}\n`);
        else published.push({ eventId, profileId: profileOf(sent?.entry.Detail) });
      });
    }
    return refused;
  } finally {
    client.destroy();
  }
}

function clientFor(target: Target): EventBridgeClient {
  // The SDK warns on every run under Node 20 about its releases of 2027; this project pins its
  // version and supports Node 20 (package.json engines). Set the variable to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (target.kind === 'aws') return new EventBridgeClient({});
  return new EventBridgeClient({
    endpoint: target.endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    // The local bus does not check signatures; fixed keys keep the default chain from probing
    // the instance metadata service, which would stall when no AWS profile exists.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // A local bus that is down will not come up between retries: fail at once with the hint.
    maxAttempts: 1,
  });
}

/** The event id, or undefined after saying on stderr why the entry (numbered from 1) was refused. */
function accepted(result: PutEventsResultEntry, number: number): string | undefined {
  if (result.EventId !== undefined) return result.EventId;
  process.stderr.write(`parcours: event ${number} refused: ${result.ErrorCode}: ${result.ErrorMessage}\n`);
  return undefined;
}

const ConnectionError = z.union([
  z.looseObject({ code: z.enum(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH']) }),
  // Node reports a name with several addresses, all refusing, as an AggregateError of them.
  z.looseObject({ errors: z.array(z.looseObject({ code: z.literal('ECONNREFUSED') })).min(1) }),
]);

function messageFor(error: unknown, target: Target): string {
  if (error instanceof InputError) return error.message;
  if (target.kind === 'local' && ConnectionError.safeParse(error).success) {
    if (target.from === 'given') return `no local bus at ${target.endpoint} — start it with npm start`;
    if (target.from === 'recorded')
      return `no local bus at ${target.endpoint}, where the dev server of ${target.dataDir} said it listens — is it stopping? start it again with npm start`;
    return `no local bus at ${target.endpoint} and no dev server running from ${target.dataDir} — start it with npm start (a server started with --data <dir>: pass the same --data)`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
