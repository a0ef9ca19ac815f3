import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ConsoleServer } from '../../local/console/console-server.ts';
import { startConsoleServer } from '../../local/console/console-server.ts';
import { awsConsoleSource, explainAwsFailure } from '../../local/console/sources/aws/aws-source.ts';
import { findDeployedStack } from '../../local/console/sources/aws/deployed-stack.ts';
import { isLoopbackAddress } from '../../local/net/loopback-host.ts';
import { buildProject } from '../../local/platform/project-build.ts';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { openTable } from '../../shared/store/dynamodb/table.ts';
import { athenaQueries, realSleep } from '../reports/athena-figures.ts';

export type AwsConsoleOptions = {
  readonly dir: string;
  readonly stack: string;
  readonly port: number;
  readonly host: string;
};

/**
 * A page lists every execution of a scenario, 1,000 a call, on the account's shared quotas: a
 * throttled call is tried again, with the SDK's backoff, rather than failing the page.
 */
const PATIENT = { maxAttempts: 8 } as const;

/**
 * The console over a deployed stack, with the default credential chain (the marketer's own): the
 * graphs from the project folder, everything else read from the account, nothing written.
 */
export async function serveAwsConsole(options: AwsConsoleOptions): Promise<ConsoleServer> {
  if (!isLoopbackAddress(options.host))
    throw new Error(
      `--host ${options.host}: the console of a deployment shows customers' data read with your own credentials, to whoever reaches it, with no sign-in; it listens on loopback only (127.0.0.1, localhost or ::1)`,
    );
  const { scenarios, bundle } = await buildProject(options.dir);
  const cfn = new CloudFormationClient({});
  const stack = await findDeployedStack(cfn, options.stack).catch((error: unknown) => {
    throw new Error(credentialHint(error));
  });
  cfn.destroy();
  const source = awsConsoleSource({
    stack,
    scenarios,
    bundle,
    store: dynamoItemStore(openTable(new DynamoDBClient(PATIENT), stack.tableName)),
    facts: athenaQueries(new AthenaClient(PATIENT), stack.name, realSleep),
    sfn: new SFNClient(PATIENT),
    logs: new CloudWatchLogsClient(PATIENT),
    now: () => new Date(),
    sleep: realSleep,
  });
  return startConsoleServer({ live: source }, { port: options.port, host: options.host });
}

/** What to do about the first call's failure: most often, no credentials or too few rights. */
function credentialHint(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && (error.name === 'CredentialsProviderError' || /credential/i.test(message)))
    return `no AWS credentials: sign in as you do for the AWS CLI (AWS_PROFILE, aws sso login, or the environment), then run this again (${message})`;
  return explainAwsFailure(message);
}
