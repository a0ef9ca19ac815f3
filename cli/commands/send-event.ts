import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { type Command, Option } from 'commander';
import { z } from 'zod';
import { entryFromFlags, toPutEventsEntries } from '../input/event-entries.ts';
import { InputError, parseJson, parseJsonValues, readInput, STDIN_NAME } from '../input/read-json.ts';
import { EXIT } from '../project.ts';

/** Where `npm start` runs the local bus. */
export const DEFAULT_BUS_ENDPOINT = 'http://127.0.0.1:4010';

/** PutEvents takes at most 10 entries; longer files go in several requests, in file order. */
const BATCH_SIZE = 10;

const Endpoint = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

export const SendEventOptions = z.object({
  source: z.string().min(1).optional(),
  detailType: z.string().min(1).optional(),
  detail: z.string().optional(),
  endpoint: Endpoint.optional(),
  aws: z.boolean().optional(),
  busName: z.string().min(1),
});
export type SendEventOptions = z.infer<typeof SendEventOptions>;

/** Read once per run; the endpoint given by flag wins over it. */
export const SendEventEnv = z.object({ PARCOURS_BUS_ENDPOINT: Endpoint.optional() });
export type SendEventEnv = z.infer<typeof SendEventEnv>;

export function registerSendEvent(program: Command): void {
  program
    .command('send-event')
    .description('publish events with the official EventBridge client, to the local bus or to AWS')
    .argument(
      '[file]',
      'events as JSON: one, an array, or JSON lines (envelopes or PutEvents entries); - for stdin',
    )
    .option('--source <source>', 'the source of a single event given by flags')
    .option('--detail-type <type>', 'its detail-type')
    .option('--detail <json>', 'its detail, a JSON object (default: {})')
    .option('--endpoint <url>', `the local bus (default: $PARCOURS_BUS_ENDPOINT or ${DEFAULT_BUS_ENDPOINT})`)
    .addOption(
      new Option('--aws', 'send to real EventBridge, with the default credential chain').conflicts(
        'endpoint',
      ),
    )
    .option('--bus-name <name>', 'the EventBusName of entries that name none', 'default')
    .action(async (file: string | undefined, rawOptions: unknown) => {
      const options = SendEventOptions.safeParse(rawOptions);
      const env = SendEventEnv.safeParse(process.env);
      if (!options.success || !env.success) {
        const error = options.error ?? env.error;
        return fail(EXIT.usage, error === undefined ? 'invalid options' : z.prettifyError(error));
      }
      const target = targetOf(options.data, env.data);
      try {
        const entries = await entriesFrom(file, options.data);
        const refused = await send(entries, target);
        if (refused > 0) fail(EXIT.invalid, `${refused} of ${entries.length} events refused`);
      } catch (error) {
        fail(EXIT.invalid, messageFor(error, target));
      }
    });
}

type Target = { readonly kind: 'local'; readonly endpoint: string } | { readonly kind: 'aws' };

function targetOf(options: SendEventOptions, env: SendEventEnv): Target {
  if (options.aws) return { kind: 'aws' };
  return { kind: 'local', endpoint: options.endpoint ?? env.PARCOURS_BUS_ENDPOINT ?? DEFAULT_BUS_ENDPOINT };
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
 * Sends in batches and prints as it goes, so the ids of batches already accepted are shown even if
 * a later batch fails. Returns how many entries EventBridge refused.
 */
async function send(entries: readonly PutEventsRequestEntry[], target: Target): Promise<number> {
  const client = clientFor(target);
  let refused = 0;
  try {
    for (let start = 0; start < entries.length; start += BATCH_SIZE) {
      const response = await client.send(
        new PutEventsCommand({ Entries: entries.slice(start, start + BATCH_SIZE) }),
      );
      (response.Entries ?? []).forEach((result, index) => {
        if (!printResult(result, start + index + 1)) refused++;
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

/** The event id on stdout, or why the entry (numbered from 1 in input order) was refused on stderr. */
function printResult(result: PutEventsResultEntry, number: number): boolean {
  if (result.EventId !== undefined) {
    process.stdout.write(`${result.EventId}\n`);
    return true;
  }
  process.stderr.write(`parcours: event ${number} refused: ${result.ErrorCode}: ${result.ErrorMessage}\n`);
  return false;
}

const ConnectionError = z.union([
  z.looseObject({ code: z.enum(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH']) }),
  // Node reports a name with several addresses, all refusing, as an AggregateError of them.
  z.looseObject({ errors: z.array(z.looseObject({ code: z.literal('ECONNREFUSED') })).min(1) }),
]);

function messageFor(error: unknown, target: Target): string {
  if (error instanceof InputError) return error.message;
  if (target.kind === 'local' && ConnectionError.safeParse(error).success) {
    return `no local bus at ${target.endpoint} — start it with npm start`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function fail(code: number, message: string): void {
  process.stderr.write(`parcours: ${message}\n`);
  process.exitCode = code;
}
