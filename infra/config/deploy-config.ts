import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { ERROR_NAMES } from '../../language/error-names.ts';

/**
 * The deployment settings that are not part of the project (parcours.config.yaml holds senders,
 * quiet hours and caps): where to deploy and how the AWS resources are wired. They come from
 * cdk.json's context or `-c key=value`, all under the `parcours:` prefix so they never clash with
 * CDK's own keys. Values given with `-c` are strings, so booleans, numbers and lists accept both.
 */
const CONTEXT_PREFIX = 'parcours:';

/** One or more problems with the deployment settings or the project, all listed at once. */
export class DeployConfigError extends Error {
  override readonly name = ERROR_NAMES.deployConfigError;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`cannot synthesize Parcours:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

const Flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]);

const WholeNumber = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform((text) => Number(text)),
]);

/** A JSON list in cdk.json, or a comma-separated list with `-c`. */
const NameList = z.union([
  z.array(z.string().min(1)),
  z.string().transform((text) =>
    text
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  ),
]);

/** A JSON object in cdk.json, or its JSON text with `-c`. */
const StringMap = z.union([
  z.record(z.string(), z.string()),
  z.string().transform((text, ctx) => {
    const parsed = z.record(z.string(), z.string()).safeParse(parseJson(text));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object of strings' });
    return z.NEVER;
  }),
]);

const RETENTION_DAYS: readonly RetentionDays[] = Object.values(RetentionDays).filter(isRetentionDays);

function isRetentionDays(value: string | RetentionDays): value is RetentionDays {
  return typeof value === 'number';
}

const Retention = WholeNumber.transform((days, ctx) => {
  const found = RETENTION_DAYS.find((allowed) => allowed === days);
  if (found !== undefined) return found;
  ctx.addIssue({
    code: 'custom',
    message: `CloudWatch Logs keeps logs for one of ${RETENTION_DAYS.join(', ')} days`,
  });
  return z.NEVER;
});

/**
 * A function's reserved concurrency. Zero would stop the function altogether, and Lambda keeps at
 * least 100 of the account's executions unreserved, so a value above the account's quota minus
 * 100 fails at deploy (the default quota is 1,000).
 */
const Concurrency = WholeNumber.pipe(z.number().int().min(1, 'at least 1 (0 would stop the function)'));

const ARN = z.string().regex(/^arn:aws[a-z-]*:/, 'expected an ARN ("arn:aws:…")');

/**
 * Every key, its meaning and its default. The defaults let `cdk synth` run offline with no
 * credentials; a real deployment sets at least the account and region in cdk.json or with `-c`.
 */
export const DeployConfigSchema = z.strictObject({
  account: z
    .string()
    .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
    .default('123456789012')
    .describe('the AWS account to deploy to'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected a region such as "eu-west-1"')
    .default('eu-west-1')
    .describe('the AWS region to deploy to'),
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,29}$/, 'expected a letter then up to 29 letters, digits or "-"')
    .default('Parcours')
    .describe('the CloudFormation stack, and the prefix of state machine and dashboard names'),
  projectDir: z
    .string()
    .min(1)
    .default('scenarios')
    .describe('the folder holding the scenarios, programs.yaml and parcours.config.yaml'),
  eventBusName: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,256}$/, 'expected an event bus name (letters, digits, ".", "_", "-")')
    .default('default')
    .describe('"default" for the account\'s default bus, or the name of a bus for Parcours'),
  eventBusExists: Flag.default(false).describe(
    'true when the named bus already exists (Parcours then uses it instead of creating it)',
  ),
  emailIdentities: NameList.optional().describe(
    'the SES identities the senders send from (default: each sender address and its domain)',
  ),
  smsOriginationIdentityArns: StringMap.default({}).describe(
    'the ARN of each SMS origination identity of parcours.config.yaml that is not already an ARN',
  ),
  pushApplicationId: z
    .string()
    .regex(/^[a-f0-9]{32}$/, 'expected a Pinpoint application id (32 hexadecimal characters)')
    .optional()
    .describe('an existing Pinpoint application for push (default: Parcours creates one)'),
  logRetentionDays: Retention.default(RetentionDays.ONE_MONTH).describe(
    'how long function and state machine logs are kept',
  ),
  tableDeletionProtection: Flag.default(true).describe('whether the table refuses to be deleted'),
  logExecutionData: Flag.default(false).describe(
    'whether state machine logs include execution input and output (ids and trigger events)',
  ),
  sendFailureAlarmThreshold: WholeNumber.pipe(z.number().int().min(1))
    .default(5)
    .describe('send failures of one scenario in 5 minutes that raise its alarm'),
  alarmTopicArn: ARN.optional().describe('an SNS topic notified when an alarm fires'),
  unsubscribeReservedConcurrency: Concurrency.default(10).describe(
    'executions reserved for the public unsubscribe endpoint, also its ceiling: at most this many at once and 10 times as many requests per second (more get HTTP 429)',
  ),
  ingestReservedConcurrency: Concurrency.optional().describe(
    'executions reserved for ingest, so nothing else in the account can take them (default: none reserved)',
  ),
  sendReservedConcurrency: Concurrency.optional().describe(
    'executions reserved for send, so nothing else in the account can take them (default: none reserved)',
  ),
  outcomeRetentionDays: WholeNumber.pipe(z.number().int().min(1, 'at least 1 day'))
    .default(1095)
    .describe('how many days the outcome facts are kept on S3 before they expire (default: three years)'),
  nag: Flag.default(true).describe('whether synth runs the cdk-nag AwsSolutions and Serverless checks'),
});
export type DeployConfig = z.infer<typeof DeployConfigSchema>;

/**
 * Reads and validates the `parcours:` context. Unknown `parcours:` keys are errors (a typo would
 * otherwise silently deploy the default), and every problem names its key and what it expects.
 */
export function parseDeployConfig(context: Readonly<Record<string, unknown>>): DeployConfig {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (key.startsWith(CONTEXT_PREFIX)) settings[key.slice(CONTEXT_PREFIX.length)] = value;
  }
  const result = DeployConfigSchema.safeParse(settings);
  if (result.success) return result.data;
  throw new DeployConfigError(
    result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return `unknown context ${issue.keys.map((key) => `"${CONTEXT_PREFIX}${key}"`).join(', ')} (known: ${Object.keys(DeployConfigSchema.shape).join(', ')})`;
      }
      const key = String(issue.path[0] ?? '?');
      return `context "${CONTEXT_PREFIX}${key}" = ${JSON.stringify(settings[key])}: ${issue.message}`;
    }),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
