import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { ConsoleServer } from '../../local/console/console-server.ts';
import { startConsoleServer } from '../../local/console/console-server.ts';
import { awsConsoleSource, explainAwsFailure } from '../../local/console/sources/aws/aws-source.ts';
import { findDeployedStack } from '../../local/console/sources/aws/deployed-stack.ts';
import { buildProject } from '../../local/platform/project-build.ts';
import { dynamoItemStore } from '../../shared/store/dynamodb/dynamo-item-store.ts';
import { openTable } from '../../shared/store/dynamodb/table.ts';
import { athenaQueries } from '../reports/athena-figures.ts';

export type AwsConsoleOptions = {
  readonly dir: string;
  readonly stack: string;
  readonly port: number;
  readonly host: string;
};

/**
 * The console over a deployed stack, with the default credential chain (the marketer's own): the
 * graphs from the project folder, everything else read from the account, nothing written.
 */
export async function serveAwsConsole(options: AwsConsoleOptions): Promise<ConsoleServer> {
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
    store: dynamoItemStore(openTable(new DynamoDBClient({}), stack.tableName)),
    facts: athenaQueries(new AthenaClient({}), stack.name),
    sfn: new SFNClient({}),
    logs: new CloudWatchLogsClient({}),
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
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
